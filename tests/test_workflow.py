"""das.workflow: a transition's permission may name one code or several, any of which suffices."""

from types import SimpleNamespace

from das.workflow import Transition, Workflow


class Reader:
    is_authenticated = True

    def __init__(self, *codes):
        self.codes = set(codes)

    def has_perm(self, code):
        return code in self.codes


class Record:
    status = "open"

    def get_status_display(self):
        return "Ouvert"


def workflow(permission):
    return Workflow(SimpleNamespace, [Transition("close", frozenset({"open"}), "closed", "Clore", permission)])


def test_one_code():
    flow = workflow("app.close")
    assert flow.decide(Record(), "close", Reader("app.close"))
    assert not flow.decide(Record(), "close", Reader("app.other"))


def test_several_codes_any_of_them_suffices():
    flow = workflow(("app.manage", "app.approve"))
    assert flow.decide(Record(), "close", Reader("app.manage"))
    assert flow.decide(Record(), "close", Reader("app.approve"))
    assert [t.name for t in flow.available(Record(), Reader("app.approve"))] == ["close"]
    refused = flow.decide(Record(), "close", Reader("app.other"))
    assert not refused and refused.reason == "Votre rôle ne permet pas : Clore."


def test_the_state_is_checked_after_the_permission():
    record = Record()
    record.status = "closed"
    refused = workflow(("app.manage", "app.approve")).decide(record, "close", Reader("app.approve"))
    assert not refused and "Ouvert" in refused.reason
