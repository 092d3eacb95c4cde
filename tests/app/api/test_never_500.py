"""Whatever JSON arrives, the answer is 201 or 422 with field paths — never a 500."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import EXAMPLE

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=False),
                    st.text(max_size=30))
values = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                                           st.dictionaries(st.text(max_size=10), children, max_size=4)),
                      max_leaves=10)
paths = st.sampled_from([
    ("name",), ("name", "trade_name"), ("entity_type",), ("registered_capital_yuan",), ("business_scope",),
    ("legal_representative",), ("legal_representative", "id_number"), ("shareholders",),
    ("shareholders", 0), ("shareholders", 1, "contribution_yuan"), ("tax",), ("tax", "invoice_types"),
    ("seals",), ("delivery",), ("delivery", "method"), ("contact", "email"), ("bank",),
])


def reachable(container, key) -> bool:
    if isinstance(container, dict):
        return isinstance(key, str)
    return isinstance(container, list) and isinstance(key, int) and key < len(container)


def put(body, path, value) -> None:
    """Set body[path] = value where the path still exists (an earlier change may have cut it)."""
    target = body
    for key in path[:-1]:
        if not reachable(target, key) or (isinstance(target, dict) and key not in target):
            return
        target = target[key]
    if reachable(target, path[-1]):
        target[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(paths, values), min_size=1, max_size=3))
def test_mangled_payloads_get_422_not_500(client, changes):
    body = copy.deepcopy(EXAMPLE)
    for path, value in changes:
        put(body, path, value)
    response = client.post("/api/v1/applications", json=body)
    assert response.status_code in (201, 422), response.get_data(as_text=True)[:500]
    if response.status_code == 422:
        errors = response.get_json()["errors"]
        assert errors and all(isinstance(m, str) for messages in errors.values() for m in messages)
