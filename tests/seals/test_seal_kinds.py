from seals.kinds import SPECS, SealKind, spec_for


def test_official_seal_is_round_40mm_with_star_name_and_code():
    spec = spec_for(SealKind.OFFICIAL)
    assert (spec.shape, spec.width_mm, spec.height_mm, spec.border_mm) == ("round", 40, 40, 1.0)
    assert spec.star and spec.name_on_upper_arc and spec.code_on_bottom_arc
    assert spec.label == "公章"


def test_joint_stock_official_seal_is_42mm_and_others_do_not_change():
    assert spec_for("official", joint_stock=True).width_mm == 42
    assert spec_for("official", joint_stock=True).height_mm == 42
    assert spec_for("finance", joint_stock=True) == spec_for("finance")


def test_invoice_seal_is_a_40_by_30_oval_with_the_taxpayer_id():
    spec = spec_for("invoice")
    assert (spec.shape, spec.width_mm, spec.height_mm) == ("oval", 40, 30)
    assert spec.centre == "taxpayer_id" and spec.caption == "发票专用章" and not spec.star


def test_other_kinds():
    assert (spec_for("finance").shape, spec_for("finance").width_mm, spec_for("finance").caption) == (
        "round", 38, "财务专用章")
    assert (spec_for("legal_rep").shape, spec_for("legal_rep").width_mm) == ("square", 20)
    assert spec_for("legal_rep").centre == "person_name"
    assert (spec_for("contract").width_mm, spec_for("contract").caption) == (40, "合同专用章")


def test_every_kind_has_a_spec():
    assert set(SPECS) == set(SealKind)
