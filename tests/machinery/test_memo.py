"""What a template says of itself is read once and kept on disk (fixtures/odoo/memo.py);
what one copy may change is not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fixtures.odoo import memo as memo_module
from fixtures.odoo.catalogue import Catalogue
from fixtures.odoo.memo import Memo, forget_template, memo_path, template_folder


def test_an_answer_is_computed_once_and_read_back_by_the_next_run(tmp_path):
    path = memo_path(tmp_path, "de_DE")
    calls = []
    first = Memo(path)
    assert first.remember(("menus",), lambda: calls.append(1) or {"id": 1}) == {"id": 1}
    assert first.remember(("menus",), lambda: calls.append(1) or {"id": 2}) == {"id": 1}
    first.save()

    again = Memo(path)
    assert again.remember(("menus",), lambda: calls.append(1) or {"id": 3}) == {"id": 1}
    assert calls == [1], "the second run did not ask Odoo again"


def test_two_workers_saving_the_same_template_keep_both_answers(tmp_path):
    path = memo_path(tmp_path, "de_DE")
    one, other = Memo(path), Memo(path)
    one.remember("a", lambda: 1)
    other.remember("b", lambda: 2)
    one.save()
    other.save()
    kept = Memo(path)
    assert (kept.remember("a", lambda: 0), kept.remember("b", lambda: 0)) == (1, 2)


def test_a_file_cut_short_is_read_as_nothing_kept(tmp_path):
    path = memo_path(tmp_path, "de_DE")
    path.write_bytes(b"\x80\x05 cut short")
    assert Memo(path).remember("a", lambda: "asked Odoo") == "asked Odoo"


def test_without_a_file_the_memo_lives_in_memory_only(tmp_path):
    memo = Memo()
    memo.remember("a", lambda: 1)
    memo.save()  # nothing to write to, nothing raised
    assert list(tmp_path.iterdir()) == []


def test_the_file_is_named_after_the_code_that_reads_odoo(tmp_path, monkeypatch):
    old = tmp_path / "memo.de_DE.0000000000aa.pickle"
    other_language = tmp_path / "memo.en_US.0000000000aa.pickle"
    for path in (old, other_language):
        path.write_bytes(b"")
    memo = Memo(memo_path(tmp_path, "de_DE"))
    memo.remember("a", lambda: 1)
    memo.save()
    assert memo_path(tmp_path, "de_DE").name == f"memo.de_DE.{memo_module.code_stamp()}.pickle"
    assert not old.exists(), "a memo read by an earlier version of the code is dropped"
    assert other_language.exists(), "another language's memo stays"


def test_a_template_built_anew_drops_what_was_kept_of_the_one_before(tmp_path, monkeypatch):
    monkeypatch.setattr(memo_module, "STATE_HOME", tmp_path)
    mine = template_folder("hp_tpl_18_0_de_DE_abc", "18.0-20250925")
    other = template_folder("hp_tpl_18_0_de_DE_abcd", "18.0-20250925")
    for folder in (mine, other):
        folder.mkdir(parents=True)
        (folder / "catalogue.de_DE.po").write_text("")
    forget_template("hp_tpl_18_0_de_DE_abc")
    assert not mine.exists()
    assert other.exists(), "a template whose name only starts the same is kept"


class _Vocabulary:
    """The two things a catalogue asks of its vocabulary for the admin's groups."""

    def __init__(self, groups, memo):
        self.memo, self.groups, self.lang = memo, groups, "de_DE"
        self.client = SimpleNamespace(
            env={"res.users": SimpleNamespace(env=SimpleNamespace(uid=2))}
        )

    def _call(self, model, method, *args, **kwargs):
        if method == "fields_get":
            return {"groups_id": {}}
        return [{"groups_id": self.groups}]


@pytest.mark.parametrize("tick_first", [False, True])
def test_the_admins_groups_are_read_from_each_copy_never_kept_for_the_template(tick_first):
    memo = Memo()
    first = _Vocabulary([1, 2], memo)
    catalogue = Catalogue(first)
    assert catalogue._user_groups() == {1, 2}
    first.groups = [1, 2, 3]  # a setting ticked in this copy grants a group
    if tick_first:
        catalogue._groups = None  # what tick() does after the settings' execute
        assert catalogue._user_groups() == {1, 2, 3}
    second = _Vocabulary([1, 2], memo)
    assert catalogue.rebind(second)._user_groups() == {1, 2}, "the next copy has no tick"
