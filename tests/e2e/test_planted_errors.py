"""The generic checks flag every error planted in copies of our own how-tos, each with the
right suggestion, against a real Odoo; the correct how-tos are checked clean by the verify
run itself (docs/howtos). The copies live in tests/data/planted, in our words; each planted
error is listed here with what the checks must say about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.howto.checks import Odoo, check_howto
from fixtures.howto.parse import parse_howto
from fixtures.howto.plugin import modules_marker
from fixtures.howto.report import series_key
from fixtures.pages.walker import Walker

PLANTED = Path(__file__).resolve().parent.parent / "data" / "planted"

#: A planted error in a step its copy marks "until Odoo 18" (Odoo 19 has other words there,
#: as our how-tos say): checked on the series up to this one only.
UNTIL_18 = "18.0"

#: how-to -> the planted errors: (kind, the doc's words, the suggestion or a part of it[,
#: the last series the step is for])
EXPECTED = {
    "kontakte-ordnen": [
        ("path", "Kontakte > Konfigurationen > Kontakt-Stichwörter",
         "Kontakte > Konfiguration > Kontakt-Stichwörter"),
        ("label", "Color", "Farbe"),
        ("message", "Sie können keine rekursiven Schlagwörter erstellen.",
         "Sie können keine rekursiven Stichwörter erstellen."),
        ("label", "Kontakt & Adresse", "Kontakte & Adressen", UNTIL_18),
        ("value", "Invoice Address", "Rechnungsadresse", UNTIL_18),
    ],
    "lagerorte": [
        ("module", "stocks", "stock"),
        ("missing-step", "(not in the doc)", "tick 'Lagerorte'"),
        ("value", "Interner Lager", "Interner Lagerort", UNTIL_18),
    ],
    "system-parameters": [
        ("path", "Settings > Technical > Parameter > System Parameters",
         "Settings > Technical > Parameters > System Parameters"),
        ("missing-step", "(not in the doc)",
         "Settings > Developer Tools > Activate the developer mode"),
        ("parameter", "web.base.url.frozen", "web.base.url.freeze"),
        ("url", "/web/signin", None),
    ],
    "quotation-templates": [
        ("label", "Quotation Template", "Quotation Templates"),
        ("path", "Sales > Configuration > Quotation Templates",
         "Sales > Configuration > Sales Orders > Quotation Templates"),
        ("label", "Optional Product", "Optional Products", UNTIL_18),
    ],
}  # fmt: skip


def planted(name: str):
    howto = parse_howto(PLANTED / f"{name}.md", PLANTED)
    marks = [
        pytest.mark.odoo_lang(howto.lang),
        modules_marker(howto),
        pytest.mark.browser_context_args(locale=howto.lang.replace("_", "-")),
    ]
    return pytest.param(howto, id=name, marks=marks)


def found(proofs) -> list[tuple[str, str, str | None]]:
    return [
        (f.kind, f.doc, f.suggestion or f.actual) for p in proofs for f in p.findings if f.drift
    ]


@pytest.mark.parametrize("howto", [planted(name) for name in EXPECTED])
def test_every_planted_error_is_flagged_with_the_right_suggestion(
    howto, backend, odoo_catalogue, odoo_parameters, odoo_route_status, odoo_server
):
    odoo = Odoo(
        catalogue=odoo_catalogue,
        walk=Walker(backend, odoo_catalogue).walk,
        route_status=odoo_route_status,
        params=odoo_parameters,
        series=odoo_server.version.series,
    )

    findings = found(check_howto(howto, odoo))

    series = odoo_server.version.series
    expected = [
        e[:3] for e in EXPECTED[howto.name] if len(e) == 3 or series_key(series) <= series_key(e[3])
    ]
    if odoo_parameters is None:  # no source of this Odoo at hand: said, not judged
        expected = [e for e in expected if e[0] != "parameter"]
    missed = [
        (kind, doc, hint)
        for kind, doc, hint in expected
        if not any(k == kind and d == doc and (hint is None or hint in s) for k, d, s in findings)
    ]
    assert not missed, f"planted errors the checks did not flag: {missed}\nthey found: {findings}"
    assert len(findings) == len(expected), f"findings beyond the planted errors: {findings}"
