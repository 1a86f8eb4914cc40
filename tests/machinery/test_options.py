"""The command line: every bad input stops the run as a usage error (exit code 4) with one
message that says what to do, and no traceback; ``--help`` states the defaults.

Each test runs an inner pytest in a pytester folder that loads the project's plugins the way
the project's own conftest does.
"""

from __future__ import annotations

import re
import socket
import sys

import pytest

from fixtures.options import PROJECT_ROOT, Settings

pytest_plugins = ["pytester"]  # here, not in a conftest below the rootdir: pytest refuses that

#: What an inner run must not inherit from the shell that runs the outer one.
OPTION_ENVIRONMENT = ("HOWTO_PROOF_MASTER_PASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")
PASSWORD = "--odoo-master-password=not-needed-here"


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch) -> pytest.Pytester:
    for name in OPTION_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    return pytester


@pytest.fixture
def run(project):
    """Run the inner pytest in this process. pytest-playwright stays out of it: its soft
    assertion scope is global and may not nest inside the outer test's."""

    def run(*args: str) -> pytest.RunResult:
        return project.runpytest("-p", "no:playwright", "-p", "no:cacheprovider", *args)

    return run


@pytest.fixture
def usage_error(run):
    """Run the inner pytest with ``args``; return its one error message after checking that
    it stopped as a usage error, without a traceback."""

    def check(*args: str) -> str:
        result = run(*args)
        output = result.stdout.str() + result.stderr.str()
        assert result.ret == pytest.ExitCode.USAGE_ERROR, output
        assert "Traceback" not in output
        assert "passed" not in result.stdout.str()
        errors = [line for line in result.stderr.lines if line.startswith("ERROR: ")]
        assert len(errors) == 1, output
        return errors[0].removeprefix("ERROR: ")

    return check


@pytest.fixture
def listening_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


# -- targets ----------------------------------------------------------------------------------


def test_url_and_bin_together_name_two_targets(usage_error, tmp_path):
    odoo_bin = tmp_path / "odoo-bin"
    odoo_bin.touch()
    message = usage_error("--odoo-url=http://127.0.0.1:8069", PASSWORD, f"--odoo-bin={odoo_bin}")
    assert message == (
        "--odoo-url and --odoo-bin name two different Odoo targets: pass one of them "
        "(or neither, for the compose stack)."
    )


def test_url_needs_the_master_password(usage_error):
    message = usage_error("--odoo-url=http://127.0.0.1:8069")
    assert message.startswith("--odoo-url needs the master password")
    assert "--odoo-master-password or set HOWTO_PROOF_MASTER_PASSWORD" in message


def test_url_takes_the_master_password_from_the_environment(project, run, monkeypatch):
    monkeypatch.setenv("HOWTO_PROOF_MASTER_PASSWORD", "from-the-environment")
    project.makepyfile(
        test_nothing="""
        def test_url_target(howto_settings):
            assert howto_settings.target == "url"
            assert howto_settings.master_password == "from-the-environment"
        """
    )
    run("--odoo-url=http://127.0.0.1:8069").assert_outcomes(passed=1)


@pytest.mark.parametrize(
    "url", ["http://odoo.example.com:8069", "http://192.168.1.20:8069", "https://10.0.0.1"]
)
def test_url_off_loopback_is_refused_with_how_to_forward(usage_error, url):
    message = usage_error(f"--odoo-url={url}", PASSWORD)
    assert message.startswith(f"--odoo-url {url}: howto-proof talks to loopback only")
    assert "ssh -L 8069:localhost:8069 host" in message
    assert "pass http://127.0.0.1:8069" in message


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8069", "localhost:8069", "ftp://127.0.0.1", "http://", "http://[::1"]
)
def test_malformed_url_asks_for_one_like_the_example(usage_error, url):
    message = usage_error(f"--odoo-url={url}", PASSWORD)
    assert message == f"--odoo-url {url}: give a URL such as http://127.0.0.1:8069."


def test_url_with_a_port_that_is_no_number_is_malformed(usage_error):
    message = usage_error("--odoo-url=http://127.0.0.1:80xx", PASSWORD)
    assert message == "--odoo-url http://127.0.0.1:80xx: give a URL such as http://127.0.0.1:8069."


def test_url_keeps_scheme_host_and_port_only(project, run):
    project.makepyfile(
        test_nothing="""
        def test_url(howto_settings):
            assert howto_settings.odoo_url == "http://localhost:8069"
        """
    )
    result = run("--odoo-url=http://localhost:8069/web/login?db=x", PASSWORD)
    result.assert_outcomes(passed=1)


def test_bin_to_a_missing_file_says_which_file_is_wanted(usage_error, tmp_path):
    missing = tmp_path / "odoo" / "odoo-bin"
    message = usage_error(f"--odoo-bin={missing}")
    assert message == (
        f"--odoo-bin {missing}: no such file. Pass the odoo-bin script at the top of an Odoo "
        "source tree."
    )


def test_bin_to_a_folder_is_no_file(usage_error, tmp_path):
    assert usage_error(f"--odoo-bin={tmp_path}").startswith(f"--odoo-bin {tmp_path}: no such file.")


# -- ports ------------------------------------------------------------------------------------


def test_port_in_use_says_so_and_what_to_do(usage_error, listening_port):
    message = usage_error(f"--odoo-port={listening_port}")
    assert message == (
        f"--odoo-port {listening_port}: that port is in use on 127.0.0.1. Stop what listens "
        "there, pick another port, or leave --odoo-port out for a free one."
    )


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_port_out_of_range_is_refused(usage_error, port):
    assert usage_error(f"--odoo-port={port}") == (
        f"--odoo-port {port}: give a port between 1 and 65535."
    )


def test_port_with_url_belongs_in_the_url(usage_error):
    message = usage_error("--odoo-url=http://127.0.0.1:8069", PASSWORD, "--odoo-port=8070")
    assert message == (
        "--odoo-port is for the Odoo howto-proof starts; with --odoo-url the port is part "
        "of the URL."
    )


def test_free_port_is_taken_into_the_settings(project, run):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    project.makepyfile(
        test_nothing=f"""
        def test_port(howto_settings):
            assert howto_settings.odoo_port == {port}
        """
    )
    run(f"--odoo-port={port}").assert_outcomes(passed=1)


def test_port_that_is_no_number_is_refused_by_the_parser(run):
    result = run("--odoo-port=eighty")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*argument --odoo-port: invalid int value: 'eighty'*"])


# -- folders and other values -----------------------------------------------------------------


def test_docs_root_missing_folder(usage_error, tmp_path):
    missing = tmp_path / "howtos"
    assert usage_error(f"--docs-root={missing}") == (
        f"--docs-root {missing}: no such folder of how-tos."
    )


def test_screenshot_max_width_below_16_is_refused(usage_error):
    assert usage_error("--screenshot-max-width=8") == (
        "--screenshot-max-width 8: give a width of 16 pixels or more."
    )


@pytest.mark.parametrize(
    ("option", "choices"),
    [
        ("--fail-on", "*broken*drift*"),
        ("--if-no-odoo", "*skip*error*"),
        ("--screenshots", "*strict*warn*off*"),
    ],
)
def test_unknown_choice_is_refused_by_the_parser(run, option, choices):
    result = run(f"{option}=banana")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Traceback" not in result.stderr.str()
    result.stderr.fnmatch_lines(
        [f"*argument {option}: invalid choice: 'banana' (choose from {choices})"]
    )


@pytest.mark.parametrize("value", ["banana", "16.0", "18.0,20.0", ","])
def test_an_odoo_version_the_suite_does_not_speak_is_refused_with_the_ones_it_does(
    usage_error, value
):
    message = usage_error(f"--odoo-version={value}")
    assert message.startswith(f"--odoo-version {value}: howto-proof speaks Odoo 17.0, 18.0, 19.0")


@pytest.mark.parametrize(
    ("value", "series"),
    [("all", ["17.0", "18.0", "19.0"]), ("19.0, 17.0", ["19.0", "17.0"]), ("18.0", ["18.0"])],
)
def test_odoo_version_takes_several_series_or_all(project, run, value, series):
    project.makepyfile(
        test_nothing=f"""
        def test_series(howto_settings):
            specs = howto_settings.target_specs()
            assert [s.series for s in specs] == {series!r}
            assert [s.image for s in specs] == {[f"odoo:{v}" for v in series]!r}
        """
    )
    run(f"--odoo-version={value}").assert_outcomes(passed=1)


def test_one_image_for_several_series_is_refused(usage_error):
    message = usage_error("--odoo-version=all", "--odoo-image=my/odoo:18")
    assert message.startswith("--odoo-image names one image, for one series")


def test_odoo_url_repeated_gives_one_target_each(project, run):
    project.makepyfile(
        test_nothing="""
        def test_urls(howto_settings):
            specs = howto_settings.target_specs()
            assert [(s.kind, s.url, s.label) for s in specs] == [
                ("url", "http://127.0.0.1:8017", "127.0.0.1:8017"),
                ("url", "http://127.0.0.1:8019", "127.0.0.1:8019"),
            ]
        """
    )
    run(
        "--odoo-url=http://127.0.0.1:8017", "--odoo-url=http://127.0.0.1:8019", PASSWORD
    ).assert_outcomes(passed=1)


def test_odoo_bins_take_their_series_from_their_trees_and_pythons_in_order(project, run, tmp_path):
    bins = []
    for series in ("17", "19"):
        tree = tmp_path / f"odoo{series}"
        (tree / "odoo").mkdir(parents=True)
        (tree / "odoo" / "release.py").write_text(
            f"version_info = ({series}, 0, 0, FINAL, 0, '')\n"
        )
        (tree / "odoo-bin").touch()
        bins.append(f"--odoo-bin={tree / 'odoo-bin'}")
    project.makepyfile(
        test_nothing="""
        def test_bins(howto_settings):
            specs = howto_settings.target_specs()
            assert [(s.series, s.python) for s in specs] == [("17.0", "/py17"), ("19.0", "/py19")]
        """
    )
    run(bins[0], "--odoo-python=/py17", bins[1], "--odoo-python=/py19").assert_outcomes(passed=1)


def test_pythons_that_do_not_pair_with_the_bins_are_refused(usage_error, tmp_path):
    paths = []
    for name in ("a", "b", "c"):
        (tmp_path / name).touch()
        paths.append(f"--odoo-bin={tmp_path / name}")
    message = usage_error(*paths, "--odoo-python=/x", "--odoo-python=/y")
    assert (
        message
        == "2 --odoo-python for 3 --odoo-bin: give one for all, or one for each, in the same order."
    )


# -- defaults ---------------------------------------------------------------------------------


def test_settings_defaults():
    settings = Settings()
    assert settings.target == "compose"
    assert settings.image == "odoo:18.0"
    assert (settings.odoo_url, settings.odoo_bin, settings.odoo_port) == (None, None, None)
    assert settings.odoo_python == sys.executable
    assert (settings.db_host, settings.db_port, settings.db_user) == ("127.0.0.1", 5432, "odoo")
    assert (settings.if_no_odoo, settings.fail_on, settings.screenshots) == (
        "error",
        "broken",
        "warn",
    )
    assert settings.docs_root == PROJECT_ROOT / "docs" / "howtos"
    assert settings.reports_dir == PROJECT_ROOT / "reports"
    assert not any((settings.keep_odoo, settings.keep_db, settings.rebuild_template))
    assert not settings.update_screenshots
    assert settings.master_password is None
    assert settings.howtos == ()


def test_image_follows_the_version_unless_named():
    assert Settings(odoo_version="18.0").image == "odoo:18.0"
    assert Settings(odoo_version="18.0", odoo_image="registry.local/odoo:18").image == (
        "registry.local/odoo:18"
    )


def test_settings_repr_hides_the_passwords():
    text = repr(Settings(master_password="master-secret", db_password="db-secret"))
    assert "master-secret" not in text
    assert "db-secret" not in text


def test_no_options_give_the_default_settings(project, run):
    project.makepyfile(
        test_nothing="""
        from fixtures.options import Settings

        def test_defaults(howto_settings):
            assert howto_settings == Settings()
        """
    )
    run().assert_outcomes(passed=1)


def _help_entries(text: str) -> dict[str, str]:
    """The howto-proof group of ``--help``: option name -> its help, on one line."""
    group = text.split("howto-proof: prove how-tos against a real Odoo:\n", 1)[1]
    group = group.split("\n\n", 1)[0]
    entries: dict[str, str] = {}
    for line in group.splitlines():
        match = re.match(r"  (--[a-z-]+)", line)
        if match:
            name = match.group(1)
            entries[name] = line
        else:
            entries[name] += line
    return {name: " ".join(help_.split()) for name, help_ in entries.items()}


def test_help_lists_the_group_with_its_defaults(run):
    result = run("--help")
    assert result.ret == pytest.ExitCode.OK
    entries = _help_entries(result.stdout.str())
    stated = {
        "--odoo-master-password": "(default: $HOWTO_PROOF_MASTER_PASSWORD)",
        "--odoo-python": "(default: this Python)",
        "--odoo-db-host": "(default: $PGHOST or 127.0.0.1)",
        "--odoo-db-port": "(default: $PGPORT or 5432)",
        "--odoo-db-user": "(default: $PGUSER or odoo)",
        "--odoo-db-password": "(default: $PGPASSWORD or odoo)",
        "--odoo-version": "(default: 18.0)",
        "--odoo-image": "(default: odoo:<version>)",
        "--odoo-port": "(default: a free port)",
        "--keep-odoo": "(default: take it down)",
        "--if-no-odoo": "(default: error)",
        "--lang": "(default: the how-to's own language)",
        "--keep-db": "(default: drop it)",
        "--docs-root": "(default: the project's docs/howtos)",
        "--fail-on": "(default: broken)",
        "--reports-dir": "(default: reports/)",
        "--screenshots": "(default: warn)",
        "--update-screenshots": "(default: leave the docs alone)",
    }
    for option, default in stated.items():
        assert default in entries[option], option
    assert (
        "one of 17.0, 18.0, 19.0, several separated by commas, or all" in entries["--odoo-version"]
    )
    assert "(default: 18.0)" in entries["--odoo-version"]
    assert "--if-no-odoo={skip,error}" in entries["--if-no-odoo"]
    assert set(entries) >= {"--odoo-url", "--odoo-bin", "--howto", "--screenshot-max-width"}


def test_docs_options_page_is_the_option_group_as_it_stands():
    from pathlib import Path

    from fixtures.options import options_markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "options.md"
    assert page.read_text() == options_markdown(), (
        "docs/options.md is out of date: regenerate it with python -m fixtures.options"
    )
