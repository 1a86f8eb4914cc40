"""The generic checks: every how-to of the run, every section, no code of its own.

One test per how-to (``checked_howto`` is parametrized by the how-to plugin), on one
database copy that it only reads: its paths are judged against Odoo's menus and settings
and walked in the browser, its labels, value lists, quoted messages and technical names
are judged against Odoo's own words, and the doc's pictures are captured where the paths
lead. What it finds goes into each section's verdict beside the scenarios' (see
fixtures/howto/checks).
"""

from __future__ import annotations

from fixtures.howto.checks import Odoo, check_howto, first_place
from fixtures.howto.plugin import keep_proof
from fixtures.pages.walker import Walker
from fixtures.screens.capture import Screens, writes_pictures


def test_generic_checks(
    request,
    checked_howto,
    warm_backend,
    odoo_catalogue,
    odoo_parameters,
    odoo_route_status,
    odoo_server,
    howto_settings,
    howto_library,
    screen_worker,
):
    walker = Walker(warm_backend, odoo_catalogue)
    proven_elsewhere = howto_library.scenario_sections

    def capture(proof, image, screen) -> None:
        if (checked_howto.name, proof.section.anchor) in proven_elsewhere:
            return  # the section's scenario captures its pictures, framed by what it does
        series = odoo_server.version.series
        Screens(
            proof,
            howto_settings,
            screen_worker,
            tag=f"checks-{series}",
            update=writes_pictures(checked_howto, series, howto_settings),
            judge=False,  # where the path leads, before the section's steps
        ).capture(image, screen, mask=walker.volatile())

    odoo = Odoo(
        catalogue=odoo_catalogue,
        walk=walker.walk,
        capture=capture,
        route_status=odoo_route_status,
        params=odoo_parameters,
        series=odoo_server.version.series,
    )
    walker.start(first_place(checked_howto, odoo))
    proofs = check_howto(checked_howto, odoo)
    for proof in proofs:
        keep_proof(request.node, proof)

    assert [p.section for p in proofs] == checked_howto.content_sections, (
        "every section of the how-to has the checks' judgement"
    )
