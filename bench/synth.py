"""Deterministic synthetic ministry lists of realistic shape, for benchmarks.

The same seeded generator produces both a workbook (as a ministry would send it, headers from
docs/domain.md §3, both countries in one sheet) and a :class:`svetofor.model.Dataset` built directly in
memory, so the rule benchmarks (20k positions x 5k enterprises x 100k records) do not pay for
reading a file they are not about.

What makes the lists realistic rather than uniform noise:

- position names are the Russian names of the HS reference ``data/hs_machine_tools.csv``
  with model and size suffixes;
- enterprises carry legal forms and quotes (``ОАО "Гомельский станкостроительный завод"``), RU INN
  (10 digits) or BY UNP (9 digits); some are spelled two ways in one list: long legal form or
  guillemets (same identity after normalisation), or a typo / abbreviation with no tax id (a
  fuzzy "same enterprise?" case), or a different spelling under the same tax id;
- seeded duplication: parallel new capacity across and within countries, new capacity planned
  where the partner country is already green;
- components point to machines through ``used_in``; demand per position x country, repeated on
  every row of that pair as real lists do; positions with no producer yet.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

REFERENCE_CSV = Path(__file__).resolve().parent.parent / "data" / "hs_machine_tools.csv"


def _reference() -> tuple[tuple[str, str, str], ...]:
    """(hs6, Russian name, kind) of the HS reference in data/ (the one copy in the repository);
    its "tooling" is the domain's "tool" (docs/domain.md §1)."""
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(
            (row["hs6"], row["ru_short"], "tool" if row["kind"] == "tooling" else row["kind"])
            for row in csv.DictReader(f)
        )


REFERENCE: tuple[tuple[str, str, str], ...] = _reference()

GROUPS: dict[str, str] = {
    "8456": "Станки для обработки удалением материала",
    "8457": "Обрабатывающие центры и агрегатные станки",
    "8458": "Токарные станки",
    "8459": "Сверлильные, расточные и фрезерные станки",
    "8460": "Шлифовальные и заточные станки",
    "8461": "Протяжные, зуборезные и отрезные станки",
    "8462": "Кузнечно-прессовое оборудование",
    "8463": "Прочее металлообрабатывающее оборудование",
    "8466": "Оснастка и части станков",
    "8483": "Передачи и редукторы",
    "8482": "Подшипники",
    "8501": "Электропривод и системы ЧПУ",
    "8504": "Электропривод и системы ЧПУ",
    "8537": "Электропривод и системы ЧПУ",
    "9031": "Измерительные системы",
    "9013": "Лазерные источники",
    "8412": "Гидравлика",
    "8207": "Режущий инструмент",
    "8209": "Режущий инструмент",
    "6804": "Абразивный инструмент",
}

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "machine": ("станок", "станки", "оборудование"),
    "component": ("комплектующие", "узел", "комплектующие изделия"),
    "tool": ("инструмент",),
}

HEADERS: tuple[str, ...] = (
    "№ позиции",
    "Наименование продукции",
    "Вид",
    "Группа",
    "Код ТН ВЭД ЕАЭС",
    "Предприятие-изготовитель",
    "ИНН/УНП",
    "Страна",
    "Наличие производства",
    "Мощность, шт./год",
    "Потребность, шт./год",
    "Мероприятие",
    "Срок ввода",
    "Применяется в",
    "Примечание",
)

_CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    # (city for "Brand-City", adjective for "... завод")
    "BY": (
        ("Минск", "Минский"),
        ("Гомель", "Гомельский"),
        ("Витебск", "Витебский"),
        ("Брест", "Брестский"),
        ("Гродно", "Гродненский"),
        ("Могилёв", "Могилёвский"),
        ("Орша", "Оршанский"),
        ("Пинск", "Пинский"),
        ("Борисов", "Борисовский"),
        ("Барановичи", "Барановичский"),
        ("Бобруйск", "Бобруйский"),
        ("Лида", "Лидский"),
        ("Молодечно", "Молодечненский"),
        ("Новополоцк", "Новополоцкий"),
        ("Жодино", "Жодинский"),
    ),
    "RU": (
        ("Москва", "Московский"),
        ("Санкт-Петербург", "Петербургский"),
        ("Екатеринбург", "Екатеринбургский"),
        ("Новосибирск", "Новосибирский"),
        ("Нижний Новгород", "Нижегородский"),
        ("Казань", "Казанский"),
        ("Самара", "Самарский"),
        ("Челябинск", "Челябинский"),
        ("Уфа", "Уфимский"),
        ("Пермь", "Пермский"),
        ("Воронеж", "Воронежский"),
        ("Волгоград", "Волгоградский"),
        ("Саратов", "Саратовский"),
        ("Тула", "Тульский"),
        ("Рязань", "Рязанский"),
        ("Иваново", "Ивановский"),
        ("Ижевск", "Ижевский"),
        ("Ульяновск", "Ульяновский"),
        ("Киров", "Кировский"),
        ("Омск", "Омский"),
        ("Томск", "Томский"),
        ("Ярославль", "Ярославский"),
        ("Владимир", "Владимирский"),
        ("Стерлитамак", "Стерлитамакский"),
        ("Коломна", "Коломенский"),
        ("Липецк", "Липецкий"),
        ("Савёлово", "Савёловский"),
        ("Кострома", "Костромской"),
    ),
}
_DESCRIPTORS = (
    "станкостроительный завод",
    "завод прецизионных станков",
    "инструментальный завод",
    "машиностроительный завод",
    "завод фрезерных станков",
    "завод шлифовальных станков",
    "завод кузнечно-прессового оборудования",
    "механический завод",
    "подшипниковый завод",
    "завод автоматических линий",
    "электромеханический завод",
    "завод гидроаппаратуры",
    "завод станочных узлов",
    "приборостроительный завод",
    "завод режущего инструмента",
)
_SYL_HEAD = (
    "Стан", "Тех", "Пром", "Мех", "Инстр", "Точ", "Фрез", "Лит", "Сиб", "Урал",
    "Волж", "Бел", "Рус", "Нев", "Кам", "Дон", "Ок", "Сев", "Юг", "Вост",
    "Гидро", "Электро", "Прецизион", "Абраз", "Шпиндель",
)  # fmt: skip
_SYL_MID = ("ко", "ма", "про", "ин", "тех", "ст", "ар", "ол", "ен", "")
_SYL_TAIL = (
    "маш", "станок", "инструмент", "прибор", "мех", "сервис", "пром", "лит", "привод",
    "деталь", "комплект", "систем",
)  # fmt: skip
_LEGAL: dict[str, tuple[str, ...]] = {
    "BY": ("ОАО", "ЗАО", "ООО", "ОДО", "УП", "РУП", "ЧУП", "СООО"),
    "RU": ("АО", "ПАО", "ООО", "ЗАО", "ОАО", "НАО", "ФГУП"),
}
_LONG_LEGAL = {
    "ОАО": "Открытое акционерное общество",
    "ЗАО": "Закрытое акционерное общество",
    "ООО": "Общество с ограниченной ответственностью",
    "АО": "Акционерное общество",
    "ПАО": "Публичное акционерное общество",
    "УП": "Унитарное предприятие",
    "РУП": "Республиканское унитарное предприятие",
    "ЧУП": "Частное унитарное предприятие",
}


@dataclass(frozen=True)
class SynthEnterprise:
    key: str  # identity as the reader would build it: "<country>:<tax id>" or normalised name
    name: str
    country: str
    tax_id: str | None
    # another spelling used on some rows: (name, tax id it carries, identity key)
    variant: tuple[str, str | None, str] | None = None


@dataclass(frozen=True)
class SynthItem:
    code: str
    name: str
    kind: str
    kind_word: str
    group: str
    hs_code: str
    used_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class SynthRecord:
    item: int  # index into items
    country: str
    enterprise: int | None  # index into enterprises; None = producer still to be chosen
    variant: bool = False  # written with the enterprise's other spelling
    existing: bool = False
    capacity: float | None = None
    action: str | None = None
    launch_year: int | None = None


@dataclass
class Synth:
    """One synthetic list: positions, producers, capacity records and demand."""

    items: list[SynthItem]
    enterprises: list[SynthEnterprise]
    records: list[SynthRecord]  # grouped by item, in list order
    demand: dict[tuple[int, str], float] = field(default_factory=dict)  # (item index, country)
    seed: int = 0

    # ---------------------------------------------------------------- in-memory Dataset
    def to_dataset(self):
        """The :class:`svetofor.model.Dataset` the reader would build from :meth:`write_xlsx`.

        Identities follow docs/domain.md §3 on this generator's names: item key = position code,
        enterprise key = country + tax id, else country + normalised name.
        """
        from svetofor.model import Dataset, Enterprise, Item, Record

        items = {
            it.code: Item(
                key=it.code,
                name=it.name,
                code=it.code,
                kind=it.kind,
                group=it.group,
                hs_code=it.hs_code,
                used_in=it.used_in,
                order=i,
            )
            for i, it in enumerate(self.items)
        }
        enterprises: dict[str, Enterprise] = {}
        records = []
        for r in self.records:
            if r.enterprise is None and not (r.existing or r.capacity is not None or r.action):
                continue  # a bare "нет" row of a position with no producer is not a record (§7)
            ent_key = None
            if r.enterprise is not None:
                e = self.enterprises[r.enterprise]
                if r.variant and e.variant is not None:
                    name, tax_id, ent_key = e.variant
                else:
                    name, tax_id, ent_key = e.name, e.tax_id, e.key
                enterprises.setdefault(ent_key, Enterprise(ent_key, name, e.country, tax_id))  # type: ignore[arg-type]
            records.append(
                Record(
                    item_key=self.items[r.item].code,
                    country=r.country,  # type: ignore[arg-type]
                    enterprise_key=ent_key,
                    existing=r.existing,
                    capacity=r.capacity,
                    action=r.action,  # type: ignore[arg-type]
                    launch_year=r.launch_year,
                )
            )
        # demand is written on the rows of its country, so a country without rows has none
        present = {(r.item, r.country) for r in self.records}
        demand = {(self.items[i].code, c): v for (i, c), v in self.demand.items() if (i, c) in present}
        return Dataset(
            items=items,
            enterprises=enterprises,
            records=records,
            demand=demand,
            countries=frozenset(r.country for r in self.records),
        )

    # ---------------------------------------------------------------- workbook
    def rows(self) -> list[list[object]]:
        """Spreadsheet rows under :data:`HEADERS`, written the varied way ministries write them."""
        rng = random.Random(self.seed * 7919 + 1)
        out: list[list[object]] = []
        for r in self.records:
            it = self.items[r.item]
            ent_name, tax_id = "", ""
            if r.enterprise is not None:
                e = self.enterprises[r.enterprise]
                if r.variant and e.variant is not None:
                    ent_name, tax_id = e.variant[0], e.variant[1] or ""
                else:
                    ent_name, tax_id = e.name, e.tax_id or ""
            country = _country_word(rng, r.country)
            existing = _yes_no(rng, r.existing)
            capacity: object = ""
            if r.capacity is not None:
                capacity = _number(rng, r.capacity)
            demand = self.demand.get((r.item, r.country))
            action = ""
            if r.action == "new":
                action = rng.choice(("создание", "создание нового производства", "новое"))
            elif r.action == "modernise":
                action = rng.choice(("модернизация", "техперевооружение", "модернизация"))
            year: object = ""
            if r.launch_year is not None:
                y = r.launch_year
                year = rng.choice((y, y, f"{y} г.", f"IV кв. {y}", f"{y}–{y + 1}"))
            out.append(
                [
                    it.code,
                    it.name,
                    it.kind_word,
                    it.group,
                    it.hs_code,
                    ent_name,
                    tax_id,
                    country,
                    existing,
                    capacity,
                    "" if demand is None else _number(rng, demand),
                    action,
                    year,
                    "; ".join(it.used_in),
                    "",
                ]
            )
        return out

    def write_xlsx(self, path: str | Path) -> Path:
        """Write the list as one sheet with two title lines above the header."""
        import xlsxwriter

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.xlsx")
        wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
        ws = wb.add_worksheet("Перечень")
        ws.write_string(0, 0, "Перечень станкоинструментальной продукции Союзного государства")
        ws.write_string(1, 0, "по состоянию на 01.01.2026")
        for c, h in enumerate(HEADERS):
            ws.write_string(3, c, h)
        for r_i, row in enumerate(self.rows(), start=4):
            for c, v in enumerate(row):
                if v == "":
                    continue
                if isinstance(v, str):
                    ws.write_string(r_i, c, v)
                else:
                    ws.write_number(r_i, c, v)
        wb.close()
        tmp.replace(path)  # never leave a half-written cache file behind
        return path


# ==================================================================== generation


def generate(
    n_items: int, n_enterprises: int, n_records: int, *, seed: int = 20260306, anonymous_share: float = 0.08
) -> Synth:
    """A list of ``n_items`` positions with exactly ``n_records`` rows over ``n_enterprises`` producers.

    About ``anonymous_share`` of the positions have no producer (one row with an empty
    enterprise), so the number of named-enterprise records is a little lower than ``n_records``.
    """
    if n_records < n_items:
        raise ValueError("need at least one record per item")
    rng = random.Random(seed)
    enterprises = _enterprises(rng, n_enterprises)
    by_country = {c: [i for i, e in enumerate(enterprises) if e.country == c] for c in ("BY", "RU")}
    items = _items(rng, n_items)

    per_item: list[list[SynthRecord]] = [[] for _ in range(n_items)]
    demand: dict[tuple[int, str], float] = {}
    for i in range(n_items):
        for c in ("BY", "RU"):
            if rng.random() < 0.7:
                demand[(i, c)] = float(rng.choice((5, 10, 20, 50, 100, 150, 300, 500, 1200, 3000)))
        scenario = rng.random()
        if scenario < anonymous_share:
            # no producer at all: one row with the name and "нет"; sometimes a planned project
            action = "new" if rng.random() < 0.25 else None
            year = rng.randint(2025, 2031) if action else None
            per_item[i].append(
                SynthRecord(i, rng.choice(("BY", "RU")), None, action=action, launch_year=year)
            )
        elif scenario < anonymous_share + 0.06:
            # parallel-new across borders
            for c in ("BY", "RU"):
                per_item[i].append(_planned(rng, i, c, rng.choice(by_country[c])))
        elif scenario < anonymous_share + 0.10:
            # parallel-new within one country
            c = rng.choice(("BY", "RU"))
            a, b = rng.sample(by_country[c], 2)
            per_item[i] += [_planned(rng, i, c, a), _planned(rng, i, c, b)]
        elif scenario < anonymous_share + 0.16:
            # partner-covers: green at home, new capacity planned by the partner
            home, partner = rng.choice((("BY", "RU"), ("RU", "BY")))
            need = demand.get((i, home))
            cap = float(int((need or 100) * rng.choice((1, 1.5, 2))))
            per_item[i].append(
                SynthRecord(i, home, rng.choice(by_country[home]), existing=True, capacity=cap)
            )
            per_item[i].append(_planned(rng, i, partner, rng.choice(by_country[partner])))
        else:
            c = rng.choice(("BY", "RU"))
            per_item[i].append(_random_record(rng, i, c, rng.choice(by_country[c])))

    total = sum(len(x) for x in per_item)
    # the rest of the records go to random named positions, so producers per position vary
    named = [i for i in range(n_items) if per_item[i][0].enterprise is not None]
    while total < n_records:
        i = rng.choice(named)
        c = "RU" if rng.random() < 0.6 else "BY"
        per_item[i].append(_random_record(rng, i, c, rng.choice(by_country[c])))
        total += 1
    records = [r for recs in per_item for r in sorted(recs, key=lambda r: r.country)]
    return Synth(items=items, enterprises=enterprises, records=records[:n_records], demand=demand, seed=seed)


def for_rows(n_rows: int, *, seed: int = 20260306) -> Synth:
    """A workbook-sized list: about 4 rows per position and one producer per 10 rows."""
    n_items = max(10, n_rows // 4)
    n_enterprises = max(12, n_rows // 10)
    return generate(n_items, n_enterprises, n_rows, seed=seed)


def xlsx(n_rows: int, directory: str | Path, *, seed: int = 20260306) -> Path:
    """The cached workbook of ``n_rows`` rows in ``directory`` (generated on first use)."""
    path = Path(directory) / f"synth-{n_rows}-{seed}-v{FORMAT_VERSION}.xlsx"
    if not path.exists():
        for_rows(n_rows, seed=seed).write_xlsx(path)
    return path


FORMAT_VERSION = 2  # bump when the generator changes, so cached workbooks are re-made


def _planned(rng: random.Random, i: int, country: str, ent: int) -> SynthRecord:
    return SynthRecord(
        i, country, ent, variant=False, existing=False, action="new", launch_year=rng.randint(2025, 2031)
    )


def _random_record(rng: random.Random, i: int, country: str, ent: int) -> SynthRecord:
    existing = rng.random() < 0.55
    capacity = None
    if existing:
        if rng.random() < 0.85:
            capacity = float(rng.choice((0, 5, 10, 25, 40, 60, 100, 120, 250, 400, 800, 1500, 3000)))
        p = rng.random()
        action = None if p < 0.75 else ("modernise" if p < 0.95 else "new")
    else:
        p = rng.random()
        action = "new" if p < 0.12 else ("modernise" if p < 0.14 else None)
    year = rng.randint(2025, 2031) if action and rng.random() < 0.8 else None
    return SynthRecord(
        i,
        country,
        ent,
        variant=rng.random() < 0.2,  # only matters for enterprises that have a second spelling
        existing=existing,
        capacity=capacity,
        action=action,
        launch_year=year,
    )


def _items(rng: random.Random, n: int) -> list[SynthItem]:
    items: list[SynthItem] = []
    machine_codes: list[str] = []
    for i in range(n):
        hs6, base, kind = REFERENCE[rng.randrange(len(REFERENCE))]
        code = f"П-{i + 1:06d}"
        if kind == "machine":
            suffix = f"мод. {rng.choice('СТФКМРЛ')}{rng.choice('ТФШРП')}-{rng.randint(100, 999)}"
            suffix += rng.choice(("", "", f", РМЦ {rng.choice((500, 750, 1000, 1500, 2000, 3000))} мм"))
            suffix += rng.choice(("", f", Ø {rng.choice((250, 320, 400, 500, 630, 800))} мм"))
        elif kind == "component":
            suffix = f"типоразмер {rng.choice((16, 20, 25, 32, 40, 50, 63, 80, 100, 125))}-{i % 97:02d}"
        else:
            suffix = f"D{rng.choice((6, 8, 10, 12, 16, 20, 25, 32, 40))} мм, сплав {rng.choice(('ВК8', 'Т15К6', 'Т5К10', 'ТН20'))}"
        used_in: tuple[str, ...] = ()
        if kind != "machine" and machine_codes and rng.random() < 0.5:
            used_in = tuple(
                sorted(
                    set(rng.sample(machine_codes[-200:], min(len(machine_codes[-200:]), rng.randint(1, 3))))
                )
            )
        item = SynthItem(
            code=code,
            name=f"{base}, {suffix}",
            kind=kind,
            kind_word=rng.choice(KIND_WORDS[kind]),
            group=GROUPS.get(hs6[:4], "Прочее"),
            hs_code=hs6 + f"{rng.randint(0, 9)}000",
            used_in=used_in,
        )
        items.append(item)
        if kind == "machine":
            machine_codes.append(code)
    return items


def _enterprises(rng: random.Random, n: int) -> list[SynthEnterprise]:
    out: list[SynthEnterprise] = []
    seen: set[str] = set()
    tax_ids: set[str] = set()
    n_by = max(2, int(n * 0.4))
    for idx in range(n):
        country = "BY" if idx < n_by else "RU"
        while True:
            core = _core_name(rng, country)
            norm = core.lower().replace("ё", "е")
            if norm not in seen:
                seen.add(norm)
                break
        legal = rng.choice(_LEGAL[country])
        name = f'{legal} "{core}"' if rng.random() < 0.8 else f"{legal} «{core}»"
        tax_id: str | None = None
        if rng.random() < 0.9:
            digits = 9 if country == "BY" else rng.choice((10, 10, 10, 12))
            while True:
                tax_id = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))
                if tax_id not in tax_ids:
                    tax_ids.add(tax_id)
                    break
        key = f"{country}:{tax_id}" if tax_id else f"{country}:{norm}"
        variant = None
        p = rng.random()
        if p < 0.03:
            # same identity after normalisation: long legal form, other quotes
            long = _LONG_LEGAL.get(legal, legal)
            variant = (f"{long} «{core}»", tax_id, key)
        elif p < 0.06:
            # a typo or an abbreviation and no tax id on those rows: a fuzzy "same enterprise?"
            typo = _typo(rng, core)
            variant = (f"{legal} {typo}", None, f"{country}:{typo.lower().replace('ё', 'е')}")
        elif p < 0.07 and tax_id:
            # one tax id under two names (renamed, or a holding's plant)
            other = _core_name(rng, country)
            variant = (f'{legal} "{other}"', tax_id, key)
        out.append(SynthEnterprise(key=key, name=name, country=country, tax_id=tax_id, variant=variant))
    return out


def _core_name(rng: random.Random, country: str) -> str:
    city, adj = rng.choice(_CITIES[country])
    style = rng.random()
    brand = rng.choice(_SYL_HEAD) + rng.choice(_SYL_MID) + rng.choice(_SYL_TAIL)
    if style < 0.35:
        return f"{adj} {rng.choice(_DESCRIPTORS)}"
    if style < 0.7:
        return brand
    return f"{brand}-{city}"


def _typo(rng: random.Random, core: str) -> str:
    if "завод" in core and rng.random() < 0.5:
        return core.replace("завод", "з-д")
    pos = rng.randrange(1, max(2, len(core) - 1))
    if rng.random() < 0.5:
        return core[:pos] + core[pos + 1 :]  # a dropped letter
    return core[:pos] + core[pos] + core[pos:]  # a doubled letter


def _country_word(rng: random.Random, country: str) -> str:
    if country == "BY":
        return rng.choice(("Беларусь", "Беларусь", "Республика Беларусь", "РБ"))
    return rng.choice(("Россия", "Россия", "Российская Федерация", "РФ"))


def _yes_no(rng: random.Random, value: bool) -> str:
    if value:
        return rng.choice(("да", "да", "да", "+", "есть"))
    return rng.choice(("нет", "нет", "нет", "-"))


def _number(rng: random.Random, value: float) -> object:
    """Mostly numeric cells; some as text with a (non-breaking) space as thousands separator."""
    if value >= 1000 and rng.random() < 0.3:
        sep = rng.choice((" ", "\u00a0"))
        return f"{int(value):,}".replace(",", sep)
    return int(value) if value == int(value) else value
