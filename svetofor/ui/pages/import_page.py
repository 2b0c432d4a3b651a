"""The import page: upload a ministry's list, see the mapping, the errors and the effect on the
diagram before anything is stored, then import it (one transaction) or cancel; and the history
of imports below.

The upload's bytes are kept server-side (``<data dir>/uploads``, see
:mod:`svetofor.ui.importing`); the browser holds only a random token in a per-tab store. Reading
and the preview run as background callbacks (a subprocess per job on the embedded DiskCache
manager), so a long file shows progress and does not hold a request thread other users need.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, State, dcc, html

from svetofor.auth import PermissionDenied
from svetofor.lists import file_countries
from svetofor.messages import msg
from svetofor.ui import importing as imp
from svetofor.ui.context import DATA_DIR_KEY, current_actor, current_user, data_dir, service
from svetofor.ui.i18n import norm_lang, t
from svetofor.ui.overrides import denied_text

if TYPE_CHECKING:
    from svetofor.service import Svetofor

dash.register_page(__name__, path="/import", order=5, nav_key="nav.import", title="Светофор — загрузка")

HIDDEN = {"display": "none"}
SHOWN = {"display": "block"}

# The size check runs in the browser first, so an oversize file is refused with a message before
# its bytes are sent at all; the server checks again (a request can be forged).
_CLIENT_SIZE_CHECK = """
function (contents, name, limit) {
    if (!contents) { return [window.dash_clientside.no_update, window.dash_clientside.no_update]; }
    var comma = contents.indexOf(",");
    var padding = contents.endsWith("==") ? 2 : (contents.endsWith("=") ? 1 : 0);
    var size = Math.floor((contents.length - comma - 1) * 3 / 4) - padding;
    if (size > limit.max) {
        var mib = function (n) { return (n / 1048576).toFixed(1).replace(".0", ""); };
        return [window.dash_clientside.no_update,
                limit.message.replace("{size}", mib(size)).replace("{limit}", mib(limit.max))];
    }
    return [{name: name, size: size, at: Date.now()}, ""];
}
"""


def _mapping_columns(lang: str) -> list[dict[str, Any]]:
    refs = imp.field_ref_data(lang)
    return [
        {"field": "sheet", "headerName": t("import.mapping.sheet", lang), "flex": 1},
        {"field": "letter", "headerName": t("import.mapping.column", lang), "width": 100},
        {"field": "header", "headerName": t("import.mapping.header", lang), "flex": 2},
        {
            "field": "field",
            "headerName": t("import.mapping.field", lang),
            "flex": 2,
            "editable": True,
            "cellEditor": "agSelectCellEditor",
            "cellEditorParams": {"values": list(refs)},
            "refData": refs,
            "cellClass": "imp-field",
        },
    ]


def history_table(lang: str, svc: Any = None) -> html.Div:
    rows = imp.history_rows((svc or service()).store.imports.history())
    if not rows:
        return html.P(t("history.empty", lang), className="text-muted small", id="imp-history-empty")
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang))
                for k in (
                    "history.id",
                    "history.at",
                    "history.user",
                    "history.file",
                    "history.hash",
                    "history.countries",
                    "history.counts",
                )
            ]
        )
    )
    body = []
    for r in rows:
        dup = r["duplicate_of"]
        file_cell = [r["file"]]
        if dup is not None:
            file_cell.append(
                dbc.Badge(
                    t("history.duplicate", lang, id=str(dup)), color="warning", className="ms-2 text-dark"
                )
            )
        body.append(
            html.Tr(
                [
                    html.Td(r["id"]),
                    html.Td(r["at"]),
                    html.Td(r["user"]),
                    html.Td(file_cell),
                    html.Td(html.Code(r["hash"])),
                    html.Td(r["countries"]),
                    html.Td(f"{r['items']} / {r['enterprises']} / {r['records']}"),
                ],
                className="imp-history-row" + (" imp-history-duplicate" if dup is not None else ""),
            )
        )
    return dbc.Table([head, html.Tbody(body)], size="sm", bordered=True, hover=True, className="small")


def layout(lang: str | None = None, **_query: object) -> html.Div:
    lang = norm_lang(lang)
    limit = imp.max_upload_bytes()
    actor = current_actor()
    readonly = "" if imp.may_import(actor) else t("import.readonly", lang, role=t(f"role.{actor.role}", lang))
    return html.Div(
        [
            dcc.Store(id="imp-lang", data=lang),
            dcc.Store(id="imp-limit", data={"max": limit, "message": t("import.refused.size", lang)}),
            dcc.Store(id="imp-received"),
            dcc.Store(id="imp-session"),  # {"token", "name"}: the kept upload of this tab
            dcc.Store(id="imp-overrides", data=[]),  # the planner's mapping corrections
            dcc.Store(id="imp-outcome"),
            html.H1(t("import.title", lang), className="h3"),
            html.P(t("import.hint", lang, limit=imp.size_in_mib(limit)), className="text-muted small"),
            dbc.Alert(
                readonly, id="imp-readonly", color="secondary", className="small py-2", is_open=bool(readonly)
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Upload(
                            id="imp-upload",
                            children=html.Div(t("import.drop", lang)),
                            # No `accept`: the dropzone would silently drop a wrong file; the
                            # server names it and says what is accepted instead.
                            multiple=False,
                            disabled=bool(readonly),  # a viewer imports nothing (the service refuses anyway)
                            className="sv-upload border border-2 rounded p-4 text-center",
                            style={"borderStyle": "dashed", "cursor": "pointer"},
                        ),
                        md=8,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("import.country", lang), html_for="imp-country"),
                            dcc.Dropdown(
                                id="imp-country",
                                options=[
                                    {"label": t("import.country.auto", lang), "value": "auto"},
                                    {"label": t("scope.BY.long", lang), "value": "BY"},
                                    {"label": t("scope.RU.long", lang), "value": "RU"},
                                ],
                                value="auto",
                                clearable=False,
                            ),
                        ],
                        md=4,
                    ),
                ],
                className="mb-3",
            ),
            html.Div(
                [dbc.Progress(id="imp-progress", value=0, label="", striped=True, animated=True)],
                id="imp-progress-wrap",
                style=HIDDEN,
                className="mb-3",
            ),
            dbc.Alert(id="imp-refused", color="danger", is_open=False),
            dbc.Alert(id="imp-result", color="success", is_open=False),
            html.Div(
                [
                    html.H2(id="imp-file", className="h5"),
                    html.Div(id="imp-countries", className="small mb-2"),
                    html.Span(id="imp-analysed", hidden=True),
                    html.H3(t("import.mapping", lang), className="h6 mt-3"),
                    html.P(t("import.mapping.hint", lang), className="small text-muted mb-1"),
                    dag.AgGrid(
                        id="imp-mapping",
                        rowData=[],
                        columnDefs=_mapping_columns(lang),
                        getRowId="params.data.id",
                        dashGridOptions={
                            "singleClickEdit": True,
                            "domLayout": "autoHeight",
                            "animateRows": False,
                        },
                        style={"height": None},
                        className="mb-3",
                    ),
                    html.Div(id="imp-errors"),
                    html.Div(id="imp-effect"),
                    html.Div(
                        [
                            dbc.Button(
                                t("import.do", lang),
                                id="imp-import",
                                color="primary",
                                disabled=True,
                                n_clicks=0,
                            ),
                            dbc.Button(
                                t("import.cancel", lang),
                                id="imp-cancel",
                                color="secondary",
                                outline=True,
                                n_clicks=0,
                                className="ms-2",
                            ),
                        ],
                        className="mt-3",
                    ),
                ],
                id="imp-report",
                style=HIDDEN,
                className="mb-4",
            ),
            html.H2(t("history.title", lang), className="h5 mt-4"),
            html.Div(history_table(lang), id="imp-history"),
        ]
    )


dash.clientside_callback(
    _CLIENT_SIZE_CHECK,
    Output("imp-received", "data"),
    Output("imp-refused", "children", allow_duplicate=True),
    Input("imp-upload", "contents"),
    State("imp-upload", "filename"),
    State("imp-limit", "data"),
    prevent_initial_call=True,
)


@dash.callback(
    Output("imp-refused", "is_open"),
    Input("imp-refused", "children"),
    prevent_initial_call=True,
)
def show_refusal(message: Any) -> bool:
    return bool(message)


@dash.callback(
    Output("imp-session", "data"),
    Output("imp-upload", "contents"),
    Output("imp-refused", "children", allow_duplicate=True),
    Output("imp-overrides", "data"),
    Output("imp-result", "is_open", allow_duplicate=True),
    Input("imp-received", "data"),
    State("imp-upload", "contents"),
    State("imp-upload", "filename"),
    State("imp-session", "data"),
    State("imp-lang", "data"),
    prevent_initial_call=True,
)
def receive_upload(received, contents, filename, session, lang):
    """Keep the uploaded bytes server-side and hand the tab only a token; the browser's copy
    of the file is dropped from the upload component at once."""
    lang = norm_lang(lang)
    if not received:
        return (dash.no_update,) * 5
    if session:
        imp.discard_upload(data_dir(), session.get("token"))
    try:
        data = imp.decode_upload(contents, filename)
    except imp.UploadRefused as refused:
        return None, None, refused.message(lang), [], False
    upload = imp.save_upload(data_dir(), imp.check_name(filename), data)
    return {"token": upload.token, "name": upload.name}, None, "", [], False


def _job_context() -> tuple[Svetofor, Path]:
    """The app's service for a background job (its own engine, the app's cached view) and
    the data dir: the job runs in a forked subprocess or on a Celery worker."""
    app = flask.current_app
    return service().for_job(), Path(app.config[DATA_DIR_KEY])


def _country(value: object) -> str | None:
    return value if value in ("BY", "RU") else None


def _table(headers: list[str], rows: list[list[Any]], row_class: str, **kwargs: Any) -> dbc.Table:
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in headers])),
            html.Tbody([html.Tr([html.Td(v) for v in row], className=row_class) for row in rows]),
        ],
        size="sm",
        bordered=True,
        className="small",
        **kwargs,
    )


def _problems_view(result: Any, lang: str) -> list:
    out: list = []
    headers = [
        t("import.mapping.sheet", lang),
        t("import.errors.row", lang),
        t("import.mapping.column", lang),
        t("import.errors.message", lang),
    ]
    if result.errors:
        rows = imp.error_rows(result.errors)
        out.append(
            html.H3(t("import.errors", lang).format(n=len(result.errors)), className="h6 text-danger mt-3")
        )
        out.append(
            _table(
                headers,
                [[r["sheet"], r["row"], r["column"], r["message"]] for r in rows],
                "imp-error-row",
                id="imp-errors-table",
                color="danger",
            )
        )
        if len(result.errors) > len(rows):
            out.append(html.P(t("import.errors.more", lang).format(n=len(result.errors) - len(rows))))
    else:
        ds = result.dataset
        out.append(
            dbc.Alert(
                t("import.valid", lang).format(
                    items=len(ds.items), enterprises=len(ds.enterprises), records=len(ds.records)
                ),
                color="success",
                id="imp-valid",
                className="mt-3",
            )
        )
    if result.remarks:
        rows = imp.error_rows(result.remarks)
        out.append(
            html.Details(
                [
                    html.Summary(t("import.remarks", lang).format(n=len(result.remarks))),
                    _table(
                        headers,
                        [[r["sheet"], r["row"], r["column"], r["message"]] for r in rows],
                        "imp-remark-row",
                    ),
                ],
                className="small mb-2",
            )
        )
    return out


def _listing(key: str, part: dict[str, Any], lang: str) -> html.Div | None:
    if not part["count"]:
        return None
    more = part["count"] - len(part["names"])
    items = [html.Li(name) for name in part["names"]]
    if more > 0:
        items.append(html.Li(t("common.more", lang, n=more), className="text-muted"))
    return html.Div(
        [
            html.Strong(t("import.effect.counted", lang, what=t(key, lang), n=part["count"])),
            html.Ul(items, className="mb-2"),
        ],
        className=f"imp-effect-{key.rsplit('.', 1)[-1].replace('_', '-')}",
    )


def _effect_view(effect: dict[str, Any], lang: str) -> html.Div:
    countries = ", ".join(t(f"scope.{c}.long", lang) for c in effect["countries"]) or "—"
    parts: list = [html.H3(t("import.effect", lang), className="h6 mt-3")]
    if effect["already"]:
        parts.append(
            dbc.Alert(
                t(
                    "import.effect.already",
                    lang,
                    id=str(effect["already"]["id"]),
                    at=effect["already"]["at"],
                    user=effect["already"]["user"],
                ),
                color="warning",
                id="imp-already",
            )
        )
    parts.append(html.P(t("import.effect.replaces", lang, countries=countries), className="small"))
    if effect["changes"]:
        parts.append(html.Ul([html.Li(line) for line in effect["changes"]], id="imp-changes"))
    else:
        parts.append(html.P(t("import.effect.none", lang), id="imp-changes"))
    for key in (
        "new_items",
        "removed_items",
        "new_enterprises",
        "removed_enterprises",
        "new_warnings",
        "stale_overrides",
    ):
        block = _listing(f"import.effect.{key}", effect[key], lang)
        if block is not None:
            parts.append(block)
    return html.Div(parts, id="imp-effect-body")


def _cleared() -> tuple:
    return [], HIDDEN, [], [], True, "", "", ""


@dash.callback(
    Output("imp-mapping", "rowData"),
    Output("imp-report", "style"),
    Output("imp-errors", "children"),
    Output("imp-effect", "children"),
    Output("imp-import", "disabled"),
    Output("imp-file", "children"),
    Output("imp-countries", "children"),
    Output("imp-analysed", "children"),
    Input("imp-session", "data"),
    Input("imp-country", "value"),
    Input("imp-overrides", "data"),
    State("imp-lang", "data"),
    background=True,
    running=[
        (Output("imp-progress-wrap", "style"), SHOWN, HIDDEN),
        (Output("imp-cancel", "disabled"), True, False),
        (Output("imp-upload", "disabled"), True, False),
    ],
    progress=[Output("imp-progress", "value"), Output("imp-progress", "label")],
    prevent_initial_call=True,
)
def analyse(set_progress, session, country, overrides, lang):
    """Read the kept upload (with the planner's corrections) and preview its import."""
    lang = norm_lang(lang)
    if not session:
        return _cleared()
    set_progress((10, t("import.progress.reading", lang)))
    svc, folder = _job_context()
    try:
        upload = imp.load_upload(folder, session.get("token"))
        if upload is None:
            cleared = _cleared()
            gone = dbc.Alert(t("import.refused.gone", lang), color="danger")
            return cleared[0], SHOWN, gone, [], True, "", "", ""
        result = svc.read(
            upload.path,
            country=_country(country),
            field_overrides=imp.overrides_dict(overrides),
            file_name=upload.name,
        )
        errors = _problems_view(result, lang)
        denial = imp.import_denial(current_actor(), result, lang) if result.ok else ""
        if denial:  # another country's list: say so before the planner presses the button
            errors = [*errors, dbc.Alert(denial, id="imp-denied", color="warning", className="small")]
        detected = ", ".join(file_countries(result))
        found = f"{t('import.country.detected', lang)}: {detected or '—'}"
        effect: Any = []
        if result.ok:
            set_progress((60, t("import.progress.effect", lang)))
            plan = svc.plan_import(result, file_hash=upload.sha256)
            imp.keep_plan(folder, upload, _country(country), imp.overrides_dict(overrides), plan)
            assert plan.preview is not None  # planned with its preview
            effect = _effect_view(imp.effect_of(plan.preview, lang), lang)
        set_progress((100, ""))
        title = f"{t('import.file', lang)}: {upload.name}"
        # How many corrections this reading applied: lets a test (or a curious planner's devtools)
        # tell the re-read after a correction from the first one.
        applied = str(len(imp.overrides_dict(overrides)))
        blocked = not result.ok or bool(denial)
        return imp.mapping_rows(result.mapping), SHOWN, errors, effect, blocked, title, found, applied
    finally:
        svc.close()


@dash.callback(
    Output("imp-overrides", "data", allow_duplicate=True),
    Input("imp-mapping", "cellValueChanged"),
    State("imp-overrides", "data"),
    prevent_initial_call=True,
)
def correct_mapping(changes, current):
    """A field chosen in the grid becomes a correction; the analysis re-reads the file with it."""
    if not changes:
        return dash.no_update
    events = changes if isinstance(changes, list) else [changes]
    rows = [e["data"] for e in events if isinstance(e, dict) and isinstance(e.get("data"), dict)]
    edits = [[r.get("sheet") or None, int(r["index"]), r.get("field") or None] for r in rows if "index" in r]
    if not edits:
        return dash.no_update
    return imp.merge_overrides(current or [], edits)


@dash.callback(
    Output("imp-outcome", "data"),
    Output("imp-history", "children"),
    Input("imp-import", "n_clicks"),
    State("imp-session", "data"),
    State("imp-country", "value"),
    State("imp-overrides", "data"),
    State("imp-lang", "data"),
    background=True,
    running=[
        (Output("imp-progress-wrap", "style"), SHOWN, HIDDEN),
        (Output("imp-import", "disabled"), True, True),
        (Output("imp-cancel", "disabled"), True, False),
    ],
    progress=[Output("imp-progress", "value"), Output("imp-progress", "label")],
    prevent_initial_call=True,
)
def do_import(set_progress, _n, session, country, overrides, lang):
    """Commit the plan the preview kept, in one transaction (the file is not read again). With
    no plan kept for this reading the file is read and planned here, so a file with errors is
    refused on the server whatever the button's state was."""
    from svetofor.service import ImportConflict, ImportRefused

    lang = norm_lang(lang)
    if not session:
        return dash.no_update, dash.no_update
    svc, folder = _job_context()
    try:
        upload = imp.load_upload(folder, session.get("token"))
        if upload is None:
            return {"ok": False, "message": t("import.refused.gone", lang)}, dash.no_update
        reading = (_country(country), imp.overrides_dict(overrides))
        plan = imp.kept_plan(folder, upload.token, *reading)
        try:
            if plan is None:  # no preview of this reading was kept: read and plan it here
                set_progress((20, t("import.progress.reading", lang)))
                result = svc.read(
                    upload.path, country=reading[0], field_overrides=reading[1], file_name=upload.name
                )
                plan = svc.plan_import(result, file_hash=upload.sha256, preview=False)
            set_progress((60, t("import.progress.storing", lang)))
            record = svc.commit(plan, user=current_user())
        except ImportRefused:
            return {"ok": False, "message": t("import.refused.errors", lang)}, dash.no_update
        except PermissionDenied as denied:  # the role's rule, said in the planner's language
            return {"ok": False, "message": denied_text(denied, lang)}, dash.no_update
        except ImportConflict as conflict:
            return {"ok": False, "message": conflict.text(lang)}, dash.no_update
        except Exception as exc:  # the transaction rolled back: say so instead of a traceback
            return {
                "ok": False,
                "message": t("import.failed", lang, error=type(exc).__name__),
            }, dash.no_update
        imp.discard_upload(folder, upload.token)
        message = t(
            "import.done",
            lang,
            file=record.file_name,
            countries=", ".join(t(f"scope.{c}.long", lang) for c in record.countries),
            items=msg("count.positions", n=record.items),
            enterprises=msg("count.enterprises", n=record.enterprises),
            records=msg("count.records", n=record.records),
        )
        if record.duplicate_of is not None:
            message += " " + t("import.done.duplicate", lang, id=str(record.duplicate_of))
        set_progress((100, ""))
        return {"ok": True, "message": message}, history_table(lang, svc)
    finally:
        svc.close()


@dash.callback(
    Output("imp-result", "children"),
    Output("imp-result", "is_open"),
    Output("imp-refused", "children", allow_duplicate=True),
    Output("imp-session", "data", allow_duplicate=True),
    Input("imp-outcome", "data"),
    State("imp-lang", "data"),
    prevent_initial_call=True,
)
def show_outcome(outcome, lang):
    lang = norm_lang(lang)
    if not outcome:
        return (dash.no_update,) * 4
    if not outcome.get("ok"):
        return dash.no_update, False, outcome.get("message", ""), dash.no_update
    done = [
        html.Span(outcome["message"], id="imp-done"),
        " ",
        dcc.Link(t("import.open_diagram", lang), href="/"),
    ]
    return done, True, "", None


@dash.callback(
    Output("imp-session", "data", allow_duplicate=True),
    Output("imp-result", "children", allow_duplicate=True),
    Output("imp-result", "is_open", allow_duplicate=True),
    Input("imp-cancel", "n_clicks"),
    State("imp-session", "data"),
    State("imp-lang", "data"),
    prevent_initial_call=True,
)
def cancel(_n, session, lang):
    if not session:
        return dash.no_update, dash.no_update, dash.no_update
    imp.discard_upload(data_dir(), session.get("token"))
    return None, t("import.cancelled", norm_lang(lang)), True
