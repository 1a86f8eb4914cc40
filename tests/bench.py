"""The benchmark: where a run's time goes, measured, not asserted.

    python -m tests.bench [--odoo-url URL --odoo-master-password PW | --odoo-bin PATH
                           --odoo-python PY] [--rounds N] [--skip-template]

Prints, for one target:

- the template build (create, install, settle, web assets), forced;
- one database copy (Odoo's duplicate_database) beside a fresh install of the same
  modules, and what a test waits for its copy when the pool made it ahead;
- each scenario's time (pytest's call phase) beside a bare Playwright script doing the
  same clicks on its own copy (the floor), and their ratio;
- one screenshot comparison, and the run's time with screenshots on beside off;
- the generic checks over the project's own how-tos: per how-to, and per path walked;
- the whole seed (all its scenarios and checks) with 1 worker and with N (pytest-xdist),
  their ratio, and the setup/call/teardown split per scenario; the fastest worker count is
  kept for ``nox -s verify`` (``$XDG_STATE_HOME/howto-proof/bench.json``);
- the machinery tests as ``nox -s tests`` runs them (``-n auto``, no Odoo needed).

The default target is the compose stack, as for the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from playwright.sync_api import expect, sync_playwright

from fixtures.browser import CLOSED_NETWORK_ARGS, chromium_executable
from fixtures.egress import EgressSink
from fixtures.idp.base import Account, AppRegistration, MockIdpClient
from fixtures.idp.google import GoogleIdentity, rebase
from fixtures.idp.microsoft import MicrosoftIdentityPlatform
from fixtures.odoo.databases import MODULES, CopyPool, Database, Templates, TemplateSpec
from fixtures.odoo.targets import STATE_HOME, connect, target_for
from fixtures.options import PROJECT_ROOT, Settings
from fixtures.pages.backend import authenticate, warm_up
from fixtures.screens.compare import compare

LANG = "de_DE"
SCOPE = "offline_access https://outlook.office.com/IMAP.AccessAsUser.All"
#: scenario test -> the floor that does its clicks
FLOORS = {
    "test_odoo_als_oauth_app_auf_azure_registrieren": "settings",
    "test_outlook_oauth_verbindung_einrichten": "connect",
    "test_oauth_token_regenerieren[chromium-incoming]": "regenerate",
    "test_mit_google_account_anmelden": "google",
}


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - started, value


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


@contextmanager
def odoo(settings: Settings):
    with EgressSink("odoo") as sink:
        target = target_for(settings, sink.url)
        try:
            yield target.start()
        finally:
            target.stop()


# -- databases ------------------------------------------------------------------------------
def bench_databases(server, browser, rounds: int, rebuild: bool) -> Database:
    print("databases")
    templates = Templates(server, progress=lambda message: None)
    spec = TemplateSpec(server.version.series, LANG)
    seconds, template = timed(templates.ensure, spec, rebuild, lambda db: warm_up(browser, db))
    line("template build" + (" (forced)" if rebuild else " (reused)"), f"{seconds:6.1f} s")

    client = connect(server.url)
    copies = []
    for _ in range(rounds):
        name = f"howto_proof_bench_{uuid.uuid4().hex[:8]}"
        seconds, _ = timed(client.db.duplicate, server.master_password, template.name, name)
        copies.append(seconds)
        client.db.drop(server.master_password, name)
    line("one copy (duplicate_database), median", f"{statistics.median(copies):6.2f} s")

    name = f"howto_proof_bench_fresh_{uuid.uuid4().hex[:8]}"

    def fresh_install() -> None:
        client.db.create(
            server.master_password, name, demo=False, lang=LANG, admin_password="admin"
        )
        admin = Database(name, server.url).client()
        modules = admin.env["ir.module.module"]
        modules.button_immediate_install(modules.search([("name", "in", list(MODULES))]))

    seconds, _ = timed(fresh_install)
    client.db.drop(server.master_password, name)
    line("a fresh install of the same modules instead", f"{seconds:6.1f} s")
    return template


# -- scenarios and their floors -------------------------------------------------------------
def run_scenarios(args, screenshots: str) -> dict[str, float]:
    """Each scenario's call time, from pytest's own JUnit report of one run."""
    with tempfile.TemporaryDirectory() as folder:
        junit = Path(folder) / "junit.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "tests/howtos/test_einstellungen_oauth.py",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            f"--screenshots={screenshots}",
            f"--reports-dir={folder}/reports",
            "-o",
            "junit_duration_report=call",
            *args.target,
        ]
        started = time.perf_counter()
        subprocess.run(command, cwd=PROJECT_ROOT, check=False, stdout=subprocess.DEVNULL)
        total = time.perf_counter() - started
        times = {"(whole run)": total}
        for case in ElementTree.parse(junit).getroot().iter("testcase"):
            times[test_name(case.get("name"))] = float(case.get("time"))
        return times


def test_name(name: str) -> str:
    """A test's name without the target and browser parameters, as FLOORS has it:
    ``t[127.0.0.1:8069-chromium-incoming]`` is ``t[chromium-incoming]``, ``t[18.0-chromium]``
    is ``t``."""
    return re.sub(r"\[[^\]]*?chromium", "[chromium", name).replace("[chromium]", "")


class Floors:
    """Bare Playwright scripts: the same clicks, hard-coded, nothing judged or recorded."""

    def __init__(self, server, browser, pool: CopyPool, microsoft, google):
        self.server, self.browser, self.pool = server, browser, pool
        self.microsoft = MockIdpClient(microsoft.url, microsoft.title)
        self.google = MockIdpClient(google.url, google.title)
        self.mailbox = Account("postfach@example.com", "pw-bench-123456", "Postfach")
        self.person = Account(
            "erika@example.com", "pw-bench-654321", "Erika Muster", subject="1234567890123456789"
        )
        self.waits: list[float] = []

    def run(self, name: str) -> float:
        database = self.pool.take()
        self.waits.append(database.timings["waited"])
        admin = database.client()
        context = self.browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
        try:
            prepare, clicks = getattr(self, f"prepare_{name}"), getattr(self, f"clicks_{name}")
            state = prepare(database, admin, context)
            page = context.new_page()
            seconds, _ = timed(clicks, database, page, state)
            return seconds
        finally:
            context.close()
            self.microsoft.reset()
            self.google.reset()
            self.pool.give_back(database)

    def _outlook(self, admin) -> AppRegistration:
        app = self.microsoft.register_app(
            AppRegistration(
                client_id=str(uuid.uuid4()),
                client_secret="bench-" + uuid.uuid4().hex,
                redirect_uris=[f"{self.server.url}/microsoft_outlook/confirm"],
            )
        )
        self.microsoft.add_account(self.mailbox)
        params = admin.env["ir.config_parameter"]
        params.set_param("microsoft_outlook.endpoint", f"{self.microsoft.url}/common/oauth2/v2.0/")
        params.set_param("microsoft_outlook_client_id", app.client_id)
        params.set_param("microsoft_outlook_client_secret", app.client_secret)
        return app

    def prepare_settings(self, database, admin, context):
        authenticate(context, database)

    def clicks_settings(self, database, page, state):
        page.goto(f"{database.url}/odoo")
        page.locator(".o_navbar_apps_menu button").click()
        page.get_by_role("menuitem", name="Einstellungen").click()
        page.get_by_label("Benutzerdefinierte E-Mail-Server verwenden").check()
        box = page.locator("#email-outlook-setting")
        box.get_by_label("ID", exact=True).fill("bench-client-id")
        box.get_by_label("Geheimnis").fill("bench-secret-value")
        # stored once Odoo answers the save (execute()): before it, the field shows what was
        # typed, so a floor that only looked at it would end before the save does
        with page.expect_response(lambda response: "/web/dataset/call_button" in response.url):
            page.get_by_role("button", name="Speichern").click()
        expect(box.get_by_label("ID", exact=True)).to_have_value("bench-client-id")

    def prepare_connect(self, database, admin, context):
        self._outlook(admin)
        authenticate(context, database)

    def clicks_connect(self, database, page, state):
        page.goto(f"{database.url}/odoo?debug=1")
        page.locator(".o_navbar_apps_menu button").click()
        page.get_by_role("menuitem", name="Einstellungen").click()
        page.locator(".o_menu_sections").get_by_role("button", name="Technisch").click()
        page.get_by_role("menuitem", name="Posteingangsserver").click()
        page.get_by_role("button", name="Neu").click()
        page.locator("#name_0").fill("Outlook")
        page.get_by_role("radio", name="Outlook-OAuth-Authentifizierung").check()
        page.locator("#user_0").fill(self.mailbox.email)
        with page.context.expect_page() as opened:
            page.get_by_role("button", name="Verbinden Sie Ihr Outlook-Konto").click()
        popup = opened.value
        popup.get_by_label("Email").fill(self.mailbox.email)
        popup.get_by_label("Password").fill(self.mailbox.password)
        popup.get_by_role("button", name="Sign in").click()
        popup.get_by_role("button", name="Accept").click()
        expect(popup.get_by_text("Outlook-Token Gültig", exact=True)).to_be_visible()

    def prepare_regenerate(self, database, admin, context):
        app = self._outlook(admin)
        tokens = self.microsoft.grant(app.client_id, self.mailbox.email, SCOPE)
        admin.env["fetchmail.server"].create(
            {
                "name": "Outlook incoming",
                "server_type": "outlook",
                "user": self.mailbox.email,
                "server": "imap.outlook.com",
                "port": 993,
                "is_ssl": True,
                "microsoft_outlook_refresh_token": tokens["refresh_token"],
                "microsoft_outlook_access_token": tokens["access_token"],
            }
        )
        authenticate(context, database)

    def clicks_regenerate(self, database, page, state):
        page.goto(f"{database.url}/odoo?debug=1")
        page.locator(".o_navbar_apps_menu button").click()
        page.get_by_role("menuitem", name="Einstellungen").click()
        page.locator(".o_menu_sections").get_by_role("button", name="Technisch").click()
        page.get_by_role("menuitem", name="Posteingangsserver").click()
        page.get_by_role("cell", name="Outlook incoming", exact=True).click()
        with page.context.expect_page() as opened:
            page.get_by_title("Edit Settings", exact=True).click()
        popup = opened.value
        popup.get_by_label("Email").fill(self.mailbox.email)
        popup.get_by_label("Password").fill(self.mailbox.password)
        popup.get_by_role("button", name="Sign in").click()
        expect(popup.get_by_text("Outlook-Token Gültig", exact=True)).to_be_visible()

    def prepare_google(self, database, admin, context):
        client = self.google.register_app(
            AppRegistration(
                client_id="bench.apps.googleusercontent.com",
                redirect_uris=[f"{self.server.url}/auth_oauth/signin"],
            )
        )
        self.google.add_account(self.person)
        provider = admin.env.ref("auth_oauth.provider_google")
        provider.write(
            {
                "enabled": True,
                "client_id": client.client_id,
                "auth_endpoint": rebase(provider.auth_endpoint, self.google.url),
                "validation_endpoint": rebase(provider.validation_endpoint, self.google.url),
            }
        )
        admin.env["res.users"].create(
            {
                "name": self.person.name,
                "login": self.person.email,
                "oauth_provider_id": provider.id,
                "oauth_uid": self.person.subject,
            }
        )

    def clicks_google(self, database, page, state):
        page.goto(database.login_url)
        page.get_by_role("link", name="Mit Google anmelden").click()
        page.get_by_label("Email").fill(self.person.email)
        page.get_by_label("Password").fill(self.person.password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Allow").click()
        expect(page.locator(".o_user_menu .oe_topbar_name")).to_contain_text(self.person.name)


def bench_scenarios(args, server, browser, template: Database) -> None:
    print(
        f"scenarios (call phase, median of {args.rounds} runs) against their floors "
        "(bare Playwright, same clicks)"
    )
    with MicrosoftIdentityPlatform() as microsoft, GoogleIdentity() as google:
        pool = CopyPool(server, template)
        floors = Floors(server, browser, pool, microsoft, google)
        floor_times = {
            name: [floors.run(floor) for _ in range(args.rounds)] for name, floor in FLOORS.items()
        }
        pool.close()
    line(
        "a floor's wait for its copy (made ahead), median",
        f"{statistics.median(floors.waits):5.2f} s",
    )
    # Rounds alternate the two modes, so a slower spell of the machine hits both alike.
    runs = [(run_scenarios(args, "warn"), run_scenarios(args, "off")) for _ in range(args.rounds)]
    with_screens = medians([on for on, _ in runs])
    without = medians([off for _, off in runs])
    for name, times in floor_times.items():
        floor = statistics.median(times)
        scenario = with_screens.get(name)
        if scenario is None:
            line(name, "(did not run)")
            continue
        line(name[:44], f"{scenario:5.2f} s vs floor {floor:5.2f} s  ({scenario / floor:.2f}x)")
    for name, seconds in sorted(with_screens.items()):
        if name not in FLOORS and name != "(whole run)":
            line(name[:44], f"{seconds:5.2f} s")
    print("screenshots")
    on, off = with_screens["(whole run)"], without["(whole run)"]
    line("run with captures and comparisons", f"{on:6.1f} s")
    line("run with --screenshots off", f"{off:6.1f} s  ({(on - off) / off:+.0%})")
    # The scenarios alone, without the set-up both modes share (target, template, copies),
    # whose spread from run to run is larger than what the screens cost.
    on, off = call_phases(with_screens, without), call_phases(without, with_screens)
    line("the scenarios alone (call phases, summed)", f"{on:6.1f} s")
    line("the same with --screenshots off", f"{off:6.1f} s  ({(on - off) / off:+.0%})")


def bench_checks(args) -> None:
    """The generic checks over the project's own how-tos: per how-to the test's phases, the
    paths it walked and what a walk costs (the call phase shared out over its walks); the
    run whose cost per path is the median of the rounds; then one run with a fresh browser
    cache, as a machine's first."""
    print(f"generic checks (docs/howtos, one test per how-to, templates warm, browser cache "
          f"kept, median of {args.rounds} runs)")  # fmt: skip
    command = [
        sys.executable, "-m", "pytest", "tests/howtos/test_generic_checks.py", "-q",
        "-p", "no:cacheprovider", *args.target,
    ]  # fmt: skip
    # a first run builds what a template lacks (its catalogue) and fills the kept browser
    # cache; the next ones are measured, as a doc writer's runs after the first are
    run_checks(command)
    runs = sorted((run_checks(command) for _ in range(args.rounds)), key=lambda run: run.per_path)
    median = runs[len(runs) // 2]
    per_path, total, report = median.per_path, median.total, median.report
    all_walks = []
    for howto, phases, walks in checks_tests(report):
        call = phases.get("call", 0.0)
        all_walks += walks
        line(
            howto["name"][:44],
            f"setup {phases.get('setup', 0):4.1f} s, call {call:5.1f} s, {len(walks)} paths "
            f"(a walk {statistics.mean(walks) if walks else 0:4.2f} s), "
            + (f"{call / len(walks):4.2f} s per path walked" if walks else "no path"),
        )
    line("all how-tos: call phases per path walked", f"{per_path:5.2f} s")
    line("  the rounds", "  ".join(f"{run.per_path:.2f}" for run in runs) + " s")
    if all(run.steal is not None for run in runs):
        line("  CPU taken by the host (steal)", "  ".join(f"{run.steal:4.0%}" for run in runs))
    paces = "  ".join(f"{run.pace:.2f}" for run in runs)
    line("  the machine's pace (reference loop)", f"{paces} s")
    if all_walks:
        line("a walk alone, median", f"{statistics.median(all_walks):5.2f} s")
    line("the whole checks run (pytest)", f"{total:5.1f} s")
    # a machine's first run (or one after --browser-cache fresh): every web client's
    # scripts fetched and compiled anew
    fresh = run_checks([*command, "--browser-cache=fresh"])
    line("a fresh browser cache: per path walked", f"{fresh.per_path:5.2f} s")
    line("  the whole checks run", f"{fresh.total:5.1f} s")


class ChecksRun(NamedTuple):
    """One run of the checks test."""

    per_path: float  # its call phases per path walked
    total: float  # its wall time
    report: dict
    steal: float | None  # the share of CPU time the host took meanwhile (None: not told)
    pace: float  # the machine's pace just before it (:func:`reference_loop`)


def run_checks(command: list[str]) -> ChecksRun:
    """One run of the checks test, and how the machine was meanwhile."""
    pace = reference_loop()
    with tempfile.TemporaryDirectory() as folder:
        before = cpu_times()
        started = time.perf_counter()
        subprocess.run([*command, f"--reports-dir={folder}"], cwd=PROJECT_ROOT, check=False,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        total = time.perf_counter() - started
        report = json.loads((Path(folder) / "howto-report.json").read_text())
    return ChecksRun(checks_per_path(report), total, report, stolen(before, cpu_times()), pace)


#: The reference loop's work: a fixed sum, pure Python on one core.
REFERENCE_WORK = 3_000_000


def reference_loop() -> float:
    """Seconds a fixed pure-Python loop takes on one core, the best of three: the pace of
    the machine at that moment. A virtual machine's core runs slower while its host's
    other guests are busy, without the time counting as stolen; on the machine this bench
    was written on, the same loop took from 0.7 to 1.1 s within an hour, and the checks'
    figures moved with it."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for n in range(REFERENCE_WORK):
            total += n * n
        best = min(best, time.perf_counter() - started)
    return best


def cpu_times() -> list[int] | None:
    """The machine's CPU time so far by kind (Linux's /proc/stat; None elsewhere)."""
    try:
        return [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return None


def stolen(before: list[int] | None, after: list[int] | None) -> float | None:
    """The share of CPU time a virtual machine's host took from it between two readings
    (the 8th figure, "steal"): a bench on a busy host runs slower, however good the code."""
    if not before or not after or len(before) < 8:
        return None
    spent = [b - a for a, b in zip(before, after, strict=False)]
    return spent[7] / sum(spent) if sum(spent) else None


def checks_tests(report: dict):
    """Per how-to with generic checks: the how-to, its checks test's phases and the walks
    it made (the report lists the one test under each section, with that section's walks)."""
    for howto in report["howtos"]:
        tests = [t for s in howto["sections"] for t in s["tests"] if t["kind"] == "checks"]
        if tests:
            yield howto, tests[0]["phases"], [w for t in tests for w in t["walks"]]


def checks_per_path(report: dict) -> float:
    """The checks' call phases over the paths they walked (0 where none was walked)."""
    tests = list(checks_tests(report))
    paths = sum(len(walks) for _, _, walks in tests)
    return sum(phases.get("call", 0.0) for _, phases, _ in tests) / paths if paths else 0.0


#: The seed how-to, read where it lies (as the e2e tests do).
SEED_DIR = Path(os.environ.get("HOWTO_PROOF_SEED_DIR", PROJECT_ROOT.parent / "shared" / "howtos"))
#: Where the fastest worker count is kept for nox -s verify.
BENCH_FILE = STATE_HOME / "bench.json"


def run_seed(args, workers: int) -> tuple[float, dict]:
    """The whole seed, every scenario and the generic checks, with ``workers`` workers."""
    with tempfile.TemporaryDirectory() as folder:
        command = [
            sys.executable, "-m", "pytest", "tests/howtos", "-q", "-p", "no:cacheprovider",
            f"--docs-root={SEED_DIR}", f"--reports-dir={folder}", f"-n{workers}", *args.target,
        ]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, cwd=PROJECT_ROOT, check=False, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        return wall, json.loads((Path(folder) / "howto-report.json").read_text())


def phases_of(report: dict) -> dict[str, dict[str, float]]:
    """Per test of the run, its setup, call and teardown (a test judges one or more sections)."""
    found = {}
    for howto in report["howtos"]:
        for section in howto["sections"]:
            for test in section["tests"]:
                found[test_name(test["nodeid"].split("::")[-1])] = test["phases"]
    return found


def bench_workers(args) -> None:
    if not (SEED_DIR / "einstellungen-oauth.md").is_file():
        print(f"workers: the seed is not at {SEED_DIR} (set HOWTO_PROOF_SEED_DIR); left out")
        return
    many = max(2, os.cpu_count() or 2)
    print(f"workers (the whole seed: its scenarios and the generic checks; {os.cpu_count()} cores)")
    run_seed(args, many)  # warms what a first run builds (templates, catalogues)
    one, report = run_seed(args, 0)
    several, _ = run_seed(args, many)
    phases = phases_of(report)
    line("1 worker (-n 0), wall", f"{one:6.1f} s")
    line(f"{many} workers (-n {many}), wall", f"{several:6.1f} s")
    line("speed-up", f"{one / several:6.2f}x")
    totals = {when: sum(p.get(when, 0.0) for p in phases.values()) for when in PHASES}
    whole = sum(totals.values()) or 1.0
    line(
        "1 worker: setup / call / teardown",
        " / ".join(f"{totals[w]:5.1f} s ({totals[w] / whole:.0%})" for w in PHASES),
    )
    line("  of which setup + teardown", f"{(totals['setup'] + totals['teardown']) / whole:.0%}")
    for name, times in sorted(phases.items()):
        line(name[:44], "  ".join(f"{w} {times.get(w, 0.0):5.2f} s" for w in PHASES))
    best = many if several < one else 0
    BENCH_FILE.parent.mkdir(parents=True, exist_ok=True)
    BENCH_FILE.write_text(
        json.dumps({"workers": best, "cores": os.cpu_count(), "one": one, "many": several})
    )
    line("kept for nox -s verify", f"-n {best} ({BENCH_FILE})")


PHASES = ("setup", "call", "teardown")


def bench_machinery(rounds: int) -> None:
    """The machinery tests as nox -s tests runs them, a pytest of their own each round. The
    first round on a fresh checkout also writes pytest's bytecode of the rewritten modules,
    which the next rounds read (as a developer's second run does)."""
    print(f"machinery tests (pytest tests/machinery -n auto; {os.cpu_count()} cores, no Odoo)")
    command = [sys.executable, "-m", "pytest", "tests/machinery", "-n", "auto", "-q",
               "-p", "no:cacheprovider"]  # fmt: skip
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}  # as nox -s tests runs them
    walls = []
    for round_ in range(1, rounds + 1):
        started = time.perf_counter()
        run = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        summary = (run.stdout.strip().splitlines() or ["(no output)"])[-1].strip("= ")
        line(f"round {round_}, wall", f"{walls[-1]:6.1f} s   ({summary})")
    line("median, wall", f"{statistics.median(walls):6.1f} s")


def call_phases(times: dict[str, float], other: dict[str, float]) -> float:
    """The summed call phases of the tests that ran in both modes."""
    shared = (name for name in times if name in other and name != "(whole run)")
    return sum(times[name] for name in shared)


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per test, the median over the rounds (tests missing from a round are left out)."""
    names = set().union(*runs)
    return {name: statistics.median(r[name] for r in runs if name in r) for name in names}


def bench_compare() -> None:
    pairs = []
    folder = PROJECT_ROOT / "docs" / "howtos" / "assets"
    for picture in sorted(folder.glob("*.png")):
        from PIL import Image

        image = Image.open(picture)
        image.load()
        moved = image.transform(image.size, Image.Transform.AFFINE, (1, 0, 2, 0, 1, 1))
        pairs.append(timed(compare, image, moved)[0])
    line(
        "one comparison (doc image vs shifted copy), median",
        f"{statistics.median(pairs) * 1000:6.0f} ms over {len(pairs)} pairs (budget 200 ms)",
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--odoo-url")
    parser.add_argument(
        "--odoo-master-password",
        default=os.environ.get("HOWTO_PROOF_MASTER_PASSWORD"),
        help="(default: $HOWTO_PROOF_MASTER_PASSWORD; nox echoes command lines)",
    )
    parser.add_argument("--odoo-bin")
    parser.add_argument("--odoo-python", default=sys.executable)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--only",
        choices=("scenarios", "checks", "workers", "machinery"),
        action="append",
        help="measure this part only; repeat for several (default: all)",
    )
    parser.add_argument(
        "--skip-template",
        action="store_true",
        help="reuse the template instead of timing its build",
    )
    args = parser.parse_args(argv)
    parts = set(args.only or ("scenarios", "checks", "workers", "machinery"))
    target = "url" if args.odoo_url else "bin" if args.odoo_bin else "compose"
    settings = Settings(
        target=target,
        odoo_url=args.odoo_url,
        master_password=args.odoo_master_password,
        odoo_bin=Path(args.odoo_bin).resolve() if args.odoo_bin else None,
        odoo_python=args.odoo_python,
    )
    print(
        f"howto-proof benchmark, target {target}, {args.rounds} rounds, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    if "machinery" in parts:
        bench_machinery(args.rounds)
    if not parts - {"machinery"}:
        return
    with sync_playwright() as playwright, odoo(settings) as server:
        print(f"  Odoo {server.version.full} at {server.url}")
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(playwright.chromium.executable_path),
            args=CLOSED_NETWORK_ARGS,
        )
        template = None
        if "scenarios" in parts:
            template = bench_databases(server, browser, args.rounds, not args.skip_template)
            print("screens")
            bench_compare()
        # The scenarios run in a pytest of their own, against this same Odoo.
        args.target = ["--odoo-url", server.url]
        os.environ["HOWTO_PROOF_MASTER_PASSWORD"] = server.master_password
        if template is not None:
            bench_scenarios(args, server, browser, template)
        if "checks" in parts:
            bench_checks(args)
        browser.close()
        if "workers" in parts:
            bench_workers(args)


if __name__ == "__main__":
    main(sys.argv[1:])
