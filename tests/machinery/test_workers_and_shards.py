"""Runs split across workers and machines, without Odoo: which shard runs what, the shards'
outcomes joined into the report one run would write, the controller's targets handed to
workers (its egress log read over loopback), and the template lock."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from fixtures.egress import EgressSink, RemoteSink
from fixtures.howto.library import load_library
from fixtures.howto.merge import main as merge_main
from fixtures.howto.merge import merge
from fixtures.howto.shards import assign, durations_of, piece, read_durations, write_run
from fixtures.howto.verdicts import TestOutcome as Outcome  # not a test class for pytest
from fixtures.odoo import databases
from fixtures.odoo.databases import TemplateSpec, template_lock
from fixtures.odoo.shared import is_controller, shared_entry, wants_odoo
from fixtures.options import Settings, TargetSpec, _shard

HOWTO = """\
# Mail

## Server anlegen

Öffnen Sie *Einstellungen > Technisch > Posteingangsserver*.

## Server prüfen

Klicken Sie auf **Verbindung testen**.
"""


# -- which shard runs what --------------------------------------------------------------------
def test_pieces_are_a_sections_scenarios_a_howtos_checks_and_other_tests_by_file():
    assert piece("mail", "server-anlegen", "t.py::test_a[x]") == "mail#server-anlegen"
    assert piece("mail", None, "t.py::test_generic_checks[mail]") == "mail#checks"
    assert piece(None, None, "tests/machinery/test_parse.py::test_x") == (
        "tests/machinery/test_parse.py"
    )


def test_assign_deals_the_longest_pieces_first_to_the_lightest_shard():
    durations = {"a": 60.0, "b": 40.0, "c": 30.0, "d": 20.0, "e": 10.0}
    placed = assign(durations, durations, 2)
    loads = [sum(d for p, d in durations.items() if placed[p] == i) for i in range(2)]
    assert sorted(loads) == [80.0, 80.0]
    assert placed == assign(reversed(list(durations)), durations, 2)  # same split every time


def test_assign_weighs_an_untimed_piece_by_its_tests_and_the_median_seconds_per_test():
    placed = assign(["a", "b", "new"], {"a": 10.0, "b": 30.0}, 2)
    assert placed["b"] != placed["a"]
    assert placed["new"] == placed["a"]  # 20 s (the median) joins the lighter shard
    even = assign([f"p{i}" for i in range(6)], {}, 3)
    assert sorted(list(even.values()).count(i) for i in range(3)) == [2, 2, 2]
    # without durations, a section of nine scenarios outweighs three sections of one
    placed = assign(["big"] * 9 + ["x", "y", "z"], {}, 2)
    assert {placed["x"], placed["y"], placed["z"]} == {1 - placed["big"]}


def test_every_piece_lands_in_exactly_one_shard_even_with_more_shards_than_pieces():
    placed = assign(["a", "b"], {}, 5)
    assert set(placed) == {"a", "b"}
    assert len(set(placed.values())) == 2


def test_shard_option_reads_i_of_n_and_refuses_what_is_not():
    assert _shard("2/3") == (2, 3)
    assert _shard(None) is None
    for wrong in ("0/3", "4/3", "2", "a/b", "1/0"):
        with pytest.raises(Exception, match="--shard"):
            _shard(wrong)


def test_durations_file_missing_means_none_and_a_broken_one_says_so(tmp_path):
    assert read_durations(tmp_path / "none.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ValueError, match="not a durations file"):
        read_durations(broken)


# -- the shards' outcomes joined ---------------------------------------------------------------
def outcome(nodeid: str, kind: str = "scenario", duration: float = 5.0) -> Outcome:
    return Outcome(nodeid=nodeid, outcome="passed", kind=kind, duration=duration, series="18.0")


def shard_run(folder: Path, docs: Path, outcomes: dict) -> Path:
    folder.mkdir()
    found = load_library(docs)
    settings = Settings(docs_root=docs, screenshots="warn", fail_on="broken")
    write_run(folder, outcomes, found, settings)
    return folder


@pytest.fixture
def docs(tmp_path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "mail.md").write_text(HOWTO)
    return root


def test_durations_count_a_checks_test_once_though_it_judges_every_section():
    checks = outcome("t.py::test_generic_checks[mail]", "checks", 8.0)
    outcomes = {
        ("mail", "server-anlegen", "18.0"): [outcome("t.py::test_anlegen"), checks],
        ("mail", "server-prufen", "18.0"): [checks],
    }
    assert durations_of(outcomes) == {"mail#server-anlegen": 5.0, "mail#checks": 8.0}


def test_merge_joins_two_shards_into_the_report_one_run_writes(docs, tmp_path):
    first = shard_run(
        tmp_path / "shard-1",
        docs,
        {("mail", "server-anlegen", "18.0"): [outcome("t.py::test_anlegen")]},
    )
    second = shard_run(
        tmp_path / "shard-2",
        docs,
        {("mail", "server-prufen", "18.0"): [outcome("t.py::test_pruefen", duration=7.0)]},
    )
    alone = json.loads((first / "howto-outcomes.json").read_text())
    assert len(alone["outcomes"]) == 1

    out = tmp_path / "merged"
    results, *_ = merge([first, second], docs, out, None)

    assert {r.section.anchor: r.verdict for r in results} == {
        "server-anlegen": "proven",
        "server-prufen": "proven",
    }
    report = json.loads((out / "howto-report.json").read_text())
    assert [s["verdict"] for s in report["howtos"][0]["sections"]] == ["proven", "proven"]
    for name in ("howto-report.md", "howto-report.html", "junit.xml", "howto-fixes.patch"):
        assert (out / name).is_file(), name
    durations = json.loads((out / "howto-durations.json").read_text())
    assert durations == {"mail#server-anlegen": 5.0, "mail#server-prufen": 7.0}


def test_merge_moves_screen_paths_into_the_merged_folder(docs, tmp_path):
    shard = tmp_path / "shard-1"
    shard_run(shard, docs, {("mail", "server-anlegen", "18.0"): [outcome("t.py::test_a")]})
    (shard / "screens" / "mail").mkdir(parents=True)
    (shard / "screens" / "mail" / "capture.png").write_bytes(b"png")
    data = json.loads((shard / "howto-outcomes.json").read_text())
    data["outcomes"][0]["outcome"]["message"] = f"see {shard}/screens/mail/capture.png"
    (shard / "howto-outcomes.json").write_text(json.dumps(data))

    out = tmp_path / "merged"
    merge([shard], docs, out, None)

    assert (out / "screens" / "mail" / "capture.png").read_bytes() == b"png"
    merged = json.loads((out / "howto-outcomes.json").read_text())
    assert merged["outcomes"][0]["outcome"]["message"] == f"see {out}/screens/mail/capture.png"


def test_merge_of_a_folder_without_outcomes_is_one_message_and_exit_4(docs, tmp_path, capsys):
    code = merge_main([str(tmp_path / "nowhere"), "--docs-root", str(docs)])
    assert code == 4
    error = capsys.readouterr().err
    assert "howto-outcomes.json" in error
    assert "Traceback" not in error


def test_merge_exits_1_on_a_broken_section(docs, tmp_path, capsys):
    failed = Outcome(nodeid="t.py::test_a", outcome="failed", message="boom", series="18.0")
    shard = shard_run(tmp_path / "s", docs, {("mail", "server-anlegen", "18.0"): [failed]})
    code = merge_main([str(shard), "--docs-root", str(docs), "--reports-dir", str(tmp_path / "o")])
    assert code == 1
    assert "broken" in capsys.readouterr().out


# -- workers ----------------------------------------------------------------------------------
def config_with(args, rootpath: Path, invocation: Path, **option) -> SimpleNamespace:
    return SimpleNamespace(
        args=args,
        rootpath=rootpath,
        invocation_params=SimpleNamespace(dir=invocation),
        option=SimpleNamespace(**option),
    )


def test_a_run_of_machinery_tests_only_starts_no_shared_odoo(tmp_path):
    (tmp_path / "tests" / "machinery").mkdir(parents=True)
    root = tmp_path
    assert not wants_odoo(config_with(["tests/machinery"], root, root))
    one_test = str(root / "tests/machinery/test_x.py::test_y")
    assert not wants_odoo(config_with([one_test], root, root))
    assert wants_odoo(config_with(["tests"], root, root))
    assert wants_odoo(config_with(["tests/howtos", "tests/machinery"], root, root))


def test_only_the_distributing_process_is_the_controller():
    assert is_controller(SimpleNamespace(option=SimpleNamespace(numprocesses=2, dist="load")))
    assert not is_controller(SimpleNamespace(option=SimpleNamespace(numprocesses=0, dist="no")))
    worker = SimpleNamespace(option=SimpleNamespace(numprocesses=2, dist="load"), workerinput={})
    assert not is_controller(worker)


def test_a_worker_finds_the_controllers_target_by_its_label():
    spec = TargetSpec("compose", "18.0", image="odoo:18.0")
    entry = {"label": "18.0", "url": "http://127.0.0.1:1", "password": "x", "description": "d"}
    worker = SimpleNamespace(workerinput={"howto_proof_targets": [entry]})
    assert shared_entry(worker, spec) == entry
    assert shared_entry(worker, TargetSpec("compose", "17.0")) is None
    assert shared_entry(SimpleNamespace(), spec) is None  # not a worker: its own target


def test_a_worker_reads_the_controllers_egress_log_over_loopback():
    with EgressSink("odoo") as sink:
        before = time.monotonic()
        refused = requests.get(
            "http://login.microsoftonline.com/common",
            proxies={"http": sink.url},
            timeout=5,
        )
        assert refused.status_code == 403
        remote = RemoteSink(sink.url)
        seen = remote.attempts(before)
        assert [a.target for a in seen] == ["http://login.microsoftonline.com/common"]
        assert seen[0].source == "odoo"
        assert remote.attempts(time.monotonic() + 1) == []


def test_the_template_lock_lets_one_process_build_while_the_others_wait(tmp_path, monkeypatch):
    monkeypatch.setattr(databases, "STATE_HOME", tmp_path)
    server = SimpleNamespace(url="http://127.0.0.1:8069")
    spec = TemplateSpec("18.0", "de_DE")
    order = []

    def build(name: str) -> None:
        with template_lock(server, spec):
            order.append(f"{name} in")
            time.sleep(0.2)  # holds the lock while "building"
            order.append(f"{name} out")

    threads = [threading.Thread(target=build, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order[0].endswith("in")
    assert order[1] == order[0].replace("in", "out")


def test_the_ci_example_runs_shards_as_a_matrix_merges_and_keeps_the_password_off_command_lines():
    import yaml

    from fixtures.options import PROJECT_ROOT

    workflow = yaml.safe_load((PROJECT_ROOT / "docs" / "ci" / "github-actions.yml").read_text())
    prove, join = workflow["jobs"]["prove"], workflow["jobs"]["merge"]
    assert prove["strategy"]["matrix"]["shard"] == [1, 2, 3]
    commands = "\n".join(step.get("run", "") for step in prove["steps"] + join["steps"])
    assert '--shard "${{ matrix.shard }}/$SHARDS"' in commands
    assert "python -m fixtures.howto.merge shards/*" in commands
    assert prove["env"]["HOWTO_PROOF_MASTER_PASSWORD"] == "${{ secrets.ODOO_MASTER_PASSWORD }}"
    assert "secrets." not in commands
    assert "master-password" not in commands
