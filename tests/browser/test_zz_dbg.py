import pytest
pytestmark = pytest.mark.browser
from tests.browser.conftest import *  # noqa
def test_dbg(page, live_app):
    page.goto(live_app.url + "/warnings")
    page.wait_for_selector(".ag-row")
    print(page.evaluate("""async () => { const api = await dash_ag_grid.getApiAsync("w-grid"); const out=[]; api.forEachNode(n => out.push([n.id, JSON.stringify(n.data).slice(0,120)])); return out.slice(0,2); }"""))
    print(page.eval_on_selector_all(".ag-row", "rs => rs.slice(0,3).map(r => r.getAttribute('row-id'))"))
