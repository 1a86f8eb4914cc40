"""The three targets, without an Odoo: each way a target cannot be had gives one message that
names the cause and what to do, and nothing is left running.

The URL target talks to a stand-in on loopback that answers the two routes it uses the way
Odoo 18 does (``/web/webclient/version_info``, and ``/jsonrpc`` with Odoo's own JSON-RPC
error shape for ``odoo.exceptions.AccessDenied``).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fixtures.errors import TargetError, TargetUnavailable
from fixtures.loopback import ServedInThread
from fixtures.odoo import odoo_bin as odoo_bin_module
from fixtures.odoo.compose import ComposeTarget
from fixtures.odoo.odoo_bin import OdooBinTarget
from fixtures.odoo.targets import PASSWORD_PROBE_DB, UrlTarget, check_series, free_port
from fixtures.options import PROJECT_ROOT, Settings

pytest_plugins = ["pytester"]  # here, not in a conftest below the rootdir: pytest refuses that

MASTER_PASSWORD = "the-right-master-password"
VERSION_INFO = {
    "server_version": "18.0-20250925",
    "server_version_info": [18, 0, 0, "final", 0, ""],
    "server_serie": "18.0",
    "protocol_version": 1,
}
#: What Odoo 17.0 answers on the same route (recorded from a running 17.0).
VERSION_INFO_16 = {
    "server_version": "16.0",
    "server_version_info": [16, 0, 0, "final", 0, ""],
    "server_serie": "16.0",
    "protocol_version": 1,
}


def access_denied(raised_in: str) -> dict:
    """Odoo 18's JSON-RPC error for AccessDenied (odoo.http.serialize_exception)."""
    return {
        "code": 200,
        "message": "Odoo Server Error",
        "data": {
            "name": "odoo.exceptions.AccessDenied",
            "debug": "Traceback (most recent call last):\n"
            '  File "/usr/lib/python3/dist-packages/odoo/service/db.py", line 62, in '
            f"{raised_in}\n"
            "    raise odoo.exceptions.AccessDenied()\n"
            "odoo.exceptions.AccessDenied: Access Denied\n",
            "message": "Access Denied",
            "arguments": ["Access Denied"],
            "context": {},
        },
    }


class DatabaseManagerReplay:
    """A double of two routes of Odoo 18, for the error paths of the URL target only (the
    e2e scenarios always use a real Odoo): the version route, and the database service's
    answers as odoo/service/db.py dispatches them, with the error shapes recorded from a
    running Odoo 18 (the master password checked first, then whether list_db is on)."""

    def __init__(
        self,
        list_db: bool = True,
        drop_error: dict | None = None,
        version_info: dict = VERSION_INFO,
    ):
        self.list_db, self.drop_error, self.version_info = list_db, drop_error, version_info
        self.calls: list[tuple[str, str]] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                answer = {"jsonrpc": "2.0", "id": request.get("id")}
                answer.update(replay.answer(self.path, request.get("params", {})))
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._served = ServedInThread(ThreadingHTTPServer(("127.0.0.1", 0), Handler), "replay")
        self.url = self._served.url

    def answer(self, path: str, params: dict) -> dict:
        if path == "/web/webclient/version_info":
            return {"result": self.version_info}
        assert path == "/jsonrpc", path
        method, args = params["method"], params["args"]
        self.calls.append((params["service"], method))
        if method == "list":
            return {"result": []} if self.list_db else {"error": access_denied("exp_list")}
        if method == "drop":
            if args[0] != MASTER_PASSWORD:
                return {"error": access_denied("check_super")}
            if not self.list_db:
                return {"error": access_denied("if_db_mgt_enabled")}
            if self.drop_error:
                return {"error": self.drop_error}
            assert args[1] == PASSWORD_PROBE_DB
            return {"result": False}  # no such database: nothing dropped
        raise AssertionError(method)

    def __enter__(self) -> DatabaseManagerReplay:
        self._served.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._served.__exit__(*exc)


def url_target(url: str, password: str = MASTER_PASSWORD) -> UrlTarget:
    return UrlTarget(Settings(target="url", odoo_url=url, master_password=password))


def children() -> set[int]:
    """The processes this test process has started and not reaped."""
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        pids.update(int(pid) for pid in (task / "children").read_text().split())
    return pids


def test_children_sees_a_started_process():
    """The helper behind "nothing left running" does see processes, so its silence counts."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        assert process.pid in children()
    finally:
        process.communicate(b"")
    assert process.pid not in children()


# -- --odoo-url -------------------------------------------------------------------------------


def test_url_with_nothing_listening_names_the_url_and_what_to_do():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(TargetError) as error:
        url_target(url).start()
    assert str(error.value) == (
        f"--odoo-url {url}: nothing answers at {url}: is Odoo running, and on that port? "
        "Start that Odoo, check the URL, or leave --odoo-url out to use the compose stack."
    )


def test_url_with_the_right_master_password_gives_the_server():
    with DatabaseManagerReplay() as odoo:
        server = url_target(odoo.url).start()
    assert server.url == odoo.url
    assert server.version.full == "18.0-20250925"
    assert server.description == f"url ({odoo.url})"
    assert ("db", "drop") in odoo.calls


def test_an_odoo_of_the_scenarios_series_is_taken():
    with DatabaseManagerReplay() as odoo:
        check_series(url_target(odoo.url).start())


def test_an_odoo_of_another_series_is_refused_with_the_series_it_needs():
    with DatabaseManagerReplay(version_info=VERSION_INFO_16) as odoo:
        server = url_target(odoo.url).start()
        with pytest.raises(TargetError) as error:
            check_series(server)
    assert str(error.value) == (
        f"The Odoo target url ({odoo.url}) serves Odoo 16.0; howto-proof speaks Odoo 17.0, "
        "18.0, 19.0 (their URLs and views, one adapter each), so its steps would fail there "
        "for reasons of their own, not of the how-to. Point howto-proof at an Odoo of one of "
        "those series."
    )


def test_url_with_a_wrong_master_password_says_so_in_one_line():
    with DatabaseManagerReplay() as odoo, pytest.raises(TargetError) as error:
        url_target(odoo.url, password="a-wrong-password").start()
    assert str(error.value) == (
        f"The master password for {odoo.url} is wrong: Odoo's database manager refused it. "
        "Pass the admin_passwd of that Odoo's configuration with --odoo-master-password."
    )


@pytest.mark.parametrize("password", [MASTER_PASSWORD, "a-wrong-password"])
def test_url_with_the_database_manager_disabled_says_list_db(password):
    """Odoo denies access the same way for a disabled manager as for a wrong password; the
    message must not send the user after the password when list_db is the cause."""
    with DatabaseManagerReplay(list_db=False) as odoo, pytest.raises(TargetError) as error:
        url_target(odoo.url, password=password).start()
    assert str(error.value) == (
        f"Odoo at {odoo.url} has its database manager disabled (list_db = False), and "
        "howto-proof creates its test databases through it. Enable list_db, or use the "
        "compose stack or --odoo-bin."
    )


def test_url_with_another_database_manager_error_passes_odoo_message_on():
    failure = {
        "code": 200,
        "message": "Odoo Server Error",
        "data": {
            "name": "psycopg2.OperationalError",
            "debug": "",
            "message": 'connection to server at "db" failed: Connection refused',
            "arguments": [],
            "context": {},
        },
    }
    with DatabaseManagerReplay(drop_error=failure) as odoo, pytest.raises(TargetError) as error:
        url_target(odoo.url).start()
    assert str(error.value) == (
        f"Odoo at {odoo.url} refused the database manager call: "
        'connection to server at "db" failed: Connection refused'
    )


# -- compose ----------------------------------------------------------------------------------


def test_compose_without_docker_names_the_other_targets(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TargetUnavailable) as error:
        ComposeTarget(Settings()).check()
    message = str(error.value)
    assert message.startswith("No Docker engine: the docker command is not installed")
    assert "--odoo-url URL --odoo-master-password PW" in message
    assert "--odoo-bin PATH (with --odoo-python)" in message


@pytest.mark.skipif(shutil.which("docker") is None, reason="needs the docker command")
def test_compose_with_the_engine_down_names_the_other_targets(monkeypatch):
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent.sock")
    with pytest.raises(TargetUnavailable) as error:
        ComposeTarget(Settings()).check()
    message = str(error.value)
    assert message.startswith("No Docker engine answers (docker info failed)")
    assert "Start the engine, or use one of the other targets: --odoo-url URL" in message
    assert "--odoo-bin PATH (with --odoo-python)" in message


# -- --odoo-bin -------------------------------------------------------------------------------


@pytest.fixture
def odoo_bin(tmp_path) -> Path:
    script = tmp_path / "odoo" / "odoo-bin"
    script.parent.mkdir()
    script.write_text("import odoo_is_not_installed_here\n")
    return script


@pytest.fixture
def postgres_port():
    """Something that accepts TCP connections where PostgreSQL would."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def bin_target(odoo_bin: Path, db_port: int, python: str = sys.executable) -> OdooBinTarget:
    return OdooBinTarget(
        Settings(target="bin", odoo_bin=odoo_bin, odoo_python=python, db_port=db_port)
    )


def test_bin_with_postgresql_down_says_where_and_starts_nothing(odoo_bin):
    port = free_port()
    before = children()
    target = bin_target(odoo_bin, port)
    with pytest.raises(TargetError) as error:
        target.start()
    assert str(error.value) == (
        f"PostgreSQL is not reachable at 127.0.0.1:{port}: nothing accepts connections there. "
        "Start it (e.g. pg_ctlcluster 15 main start) or pass --odoo-db-host/--odoo-db-port."
    )
    assert target._process is None
    assert children() == before
    assert not target.data_dir.exists()


def test_bin_with_a_python_that_lacks_odoo_names_odoo_python(odoo_bin, postgres_port):
    before = children()
    with pytest.raises(TargetError) as error:
        bin_target(odoo_bin, postgres_port).start()
    first, second = str(error.value).splitlines()
    assert first == (
        f"{sys.executable} cannot run {odoo_bin}: "
        "ModuleNotFoundError: No module named 'odoo_is_not_installed_here'"
    )
    assert second.startswith("Pass --odoo-python with the interpreter of the virtualenv")
    assert children() == before


def test_bin_with_a_python_that_fails_names_odoo_python(odoo_bin, postgres_port):
    with pytest.raises(TargetError) as error:
        bin_target(odoo_bin, postgres_port, python="/bin/false").start()
    message = str(error.value)
    assert message.startswith(f"/bin/false cannot run {odoo_bin}: no message\n")
    assert "Pass --odoo-python with the interpreter" in message


def test_bin_with_a_missing_python_names_odoo_python(odoo_bin, postgres_port, tmp_path):
    python = str(tmp_path / "venv" / "bin" / "python")
    with pytest.raises(TargetError) as error:
        bin_target(odoo_bin, postgres_port, python=python).start()
    assert str(error.value) == (
        f"--odoo-python {python}: no such interpreter. Pass the python of the virtualenv that "
        "has Odoo's dependencies."
    )


def test_bin_with_a_python_that_is_no_program_names_odoo_python(odoo_bin, postgres_port):
    with pytest.raises(TargetError) as error:
        bin_target(odoo_bin, postgres_port, python=str(odoo_bin)).start()
    assert str(error.value) == (
        f"--odoo-python {odoo_bin}: cannot run it (Permission denied). Pass the python of the "
        "virtualenv that has Odoo's dependencies."
    )


@pytest.fixture
def started_bin(tmp_path, monkeypatch):
    """An odoo-bin target past its preflights, with a script in place of Odoo."""

    def make(script: str) -> OdooBinTarget:
        odoo_bin = tmp_path / "odoo-bin"
        odoo_bin.write_text(script)
        target = bin_target(odoo_bin, free_port())
        monkeypatch.setattr(target, "_preflight", lambda: None)
        target.data_dir = tmp_path / "data"
        return target

    return make


def test_bin_that_exits_early_says_so_with_its_output_and_leaves_nothing(started_bin):
    target = started_bin("import sys\nsys.exit('odoo: cannot load the registry')\n")
    before = children()
    with pytest.raises(TargetError) as error:
        target.start()
    lines = str(error.value).splitlines()
    assert lines[0] == f"{target.odoo_bin} did not start: odoo-bin exited with code 1."
    assert "odoo: cannot load the registry" in lines[1:]
    assert target._process is None
    assert target._workdir is None
    assert children() == before


def test_bin_that_never_answers_is_stopped_after_the_timeout(started_bin, monkeypatch):
    monkeypatch.setattr(odoo_bin_module, "START_TIMEOUT", 0.2)
    target = started_bin("import time\ntime.sleep(600)\n")
    before = children()
    with pytest.raises(TargetError) as error:
        target.start()
    assert str(error.value).startswith(
        f"{target.odoo_bin} did not start: Odoo at http://127.0.0.1:"
    )
    assert "was not ready after 0.2 s. Last answer: nothing answers at" in str(error.value)
    assert children() == before


# -- before any test runs: --if-no-odoo ---------------------------------------------------------

ODOO_AND_PLAIN_TESTS = """
def test_needs_odoo(odoo_server):
    pass

def test_plain():
    pass
"""


@pytest.fixture
def no_docker(pytester: pytest.Pytester, monkeypatch, tmp_path) -> pytest.Pytester:
    """An inner project on a machine without the docker command (the default target)."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # pytest-playwright's soft assertion scope is global and may not nest in this process.
    return pytester.runpytest("-p", "no:playwright", "-p", "no:cacheprovider", *args)


def test_no_odoo_with_skip_skips_the_odoo_tests_with_the_reason(no_docker):
    no_docker.makepyfile(ODOO_AND_PLAIN_TESTS)
    result = run(no_docker, "--if-no-odoo=skip", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    reports = result.reprec.getreports("pytest_runtest_logreport")
    (skipped,) = [report for report in reports if report.skipped]
    assert skipped.nodeid.endswith("::test_needs_odoo[18.0]")
    reason = skipped.longrepr[2]
    assert reason.startswith("Skipped: no Odoo target: No Docker engine: the docker command")
    assert "--odoo-url URL --odoo-master-password PW" in reason
    assert "--odoo-bin PATH" in reason


def test_no_odoo_by_default_stops_the_run_with_one_message(no_docker):
    no_docker.makepyfile(ODOO_AND_PLAIN_TESTS)
    result = run(no_docker)
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Traceback" not in output
    assert "passed" not in result.stdout.str()
    errors = [line for line in result.stderr.lines if line.startswith("ERROR: ")]
    assert len(errors) == 1, output
    assert errors[0].startswith("ERROR: No Docker engine: the docker command is not installed")
    assert "--odoo-url URL --odoo-master-password PW" in errors[0]


def test_no_odoo_does_not_matter_to_tests_that_need_none(no_docker):
    no_docker.makepyfile("def test_plain():\n    pass\n")
    run(no_docker).assert_outcomes(passed=1)


def test_no_odoo_does_not_matter_when_the_odoo_tests_are_deselected(no_docker):
    no_docker.makepyfile(ODOO_AND_PLAIN_TESTS)
    run(no_docker, "-k", "plain").assert_outcomes(passed=1, deselected=1)


def test_target_that_fails_to_start_stops_the_run_with_its_message(pytester, monkeypatch):
    monkeypatch.delenv("HOWTO_PROOF_MASTER_PASSWORD", raising=False)
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    pytester.makepyfile(
        """
        def test_first(odoo_server):
            pass

        def test_second(odoo_server):
            pass
        """
    )
    with DatabaseManagerReplay() as odoo:
        result = run(pytester, f"--odoo-url={odoo.url}", "--odoo-master-password=wrong-one")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Traceback" not in output
    assert "passed" not in output
    result.stdout.fnmatch_lines(
        [f"*Exit: The master password for {odoo.url} is wrong: *--odoo-master-password.*"]
    )
    assert output.count("The master password") == 1


def test_an_odoo_of_another_series_stops_the_run_before_any_template(pytester, monkeypatch):
    monkeypatch.delenv("HOWTO_PROOF_MASTER_PASSWORD", raising=False)
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    pytester.makepyfile("def test_first(odoo_server):\n    pass\n")
    with DatabaseManagerReplay(version_info=VERSION_INFO_16) as odoo:
        result = run(
            pytester, f"--odoo-url={odoo.url}", f"--odoo-master-password={MASTER_PASSWORD}"
        )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "Traceback" not in output
    result.stdout.fnmatch_lines(
        ["*Exit: The Odoo target url (*) serves Odoo 16.0; *an Odoo of one of those series.*"]
    )
    assert odoo.calls == [("db", "drop")]  # the password check, and no database created


def test_a_second_run_cannot_claim_a_compose_stack_in_use(tmp_path):
    from fixtures.errors import TargetError
    from fixtures.odoo.compose import ComposeTarget
    from fixtures.options import Settings

    first, second = ComposeTarget(Settings()), ComposeTarget(Settings())
    first.state = second.state = tmp_path
    first._claim()
    try:
        with pytest.raises(TargetError, match="Another howto-proof run is using the compose"):
            second._claim()
    finally:
        first._release()
    second._claim()  # free again once the first run is done
    second._release()


STOPPING_IN_A_WORKER = """
import pytest
from fixtures.errors import HowtoProofError
from fixtures.plugin import stop_run

@pytest.fixture(scope="session")
def template():
    stop_run(HowtoProofError("The template could not be built: free some disk and run again."))

@pytest.mark.parametrize("n", range(6))
def test_needs_template(template, n):
    pass
"""


def test_a_worker_that_stops_the_run_ends_it_with_its_message_and_the_usage_status(pytester):
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    pytester.makepyfile(STOPPING_IN_A_WORKER)
    result = pytester.runpytest_subprocess("-p", "no:playwright", "-p", "no:cacheprovider",
                                           "-n", "2", "--if-no-odoo=skip")  # fmt: skip
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output
    assert "INTERNALERROR" not in output
    assert "Traceback" not in output
    result.stdout.fnmatch_lines(
        ["*Interrupted: The template could not be built: free some disk and run again.*"]
    )
    assert "passed" not in output
