import importlib.resources

from app.rules import catalogues

CATEGORIES = {"restricted", "national_dignity", "party_government", "foreign_state", "international_org",
              "public_order", "misleading"}


def _lines(filename: str) -> list[str]:
    return importlib.resources.files("app.rules.catalogues").joinpath(filename).read_text(encoding="utf-8").splitlines()


def test_business_scope_is_large_and_unique():
    scope = catalogues.business_scope()
    phrases = [phrase for _, phrase in scope]
    assert len(scope) >= 220
    assert len(set(phrases)) == len(phrases)
    assert all(category and phrase == phrase.strip() for category, phrase in scope)


def test_business_scope_rows_have_three_columns_and_a_permit_for_each_licensed_one():
    rows = [line for line in _lines("business_scope.txt") if line and not line.startswith("#")]
    for row in rows:
        category, phrase, licensed, *permit = row.split("\t")
        assert licensed in ("yes", "no"), row
        assert len(permit) == (3 if licensed == "yes" else 0), row


def test_business_scope_knows_common_phrases():
    for phrase in (
        "软件开发",
        "信息技术咨询服务",
        "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
        "餐饮服务",
        "食品销售（仅销售预包装食品）",
    ):
        assert catalogues.is_business_scope(phrase), phrase
    assert not catalogues.is_business_scope("卖东西")
    assert not catalogues.is_business_scope(" 软件开发")


def test_licensed_and_general_items():
    assert catalogues.is_licensed_scope("餐饮服务")
    assert catalogues.is_licensed_scope("食品销售")
    assert not catalogues.is_licensed_scope("食品销售（仅销售预包装食品）")
    assert not catalogues.is_licensed_scope("软件开发")
    items = catalogues.scope_items()
    assert any(item.licensed for item in items)
    assert sum(not item.licensed for item in items) > sum(item.licensed for item in items)


def test_business_scope_returns_a_fresh_list():
    first = catalogues.business_scope()
    first.clear()
    assert catalogues.business_scope()


def test_forbidden_words_have_known_categories():
    words = catalogues.forbidden_words()
    assert set(words.values()) <= CATEGORIES
    # 规定 (2020) 第十二条: these five, and 国际 no longer (it was the 1999 rule).
    assert {w for w, c in words.items() if c == "restricted"} == {"中国", "中华", "全国", "国家", "中央"}
    assert "国际" not in words
    for word in ("人民解放军", "公安", "政府", "联合国", "美国", "日本", "赌博", "毒品"):
        assert word in words, word
    assert all(len(word) >= 2 for word in words)


def test_forbidden_words_file_says_its_source():
    header = "\n".join(line for line in _lines("forbidden_words.txt") if line.startswith("#"))
    assert "企业名称登记管理规定" in header
    for category in CATEGORIES:
        assert category in header


def test_industry_terms():
    terms = catalogues.industry_terms()
    for term in ("科技", "贸易", "商贸", "餐饮", "咨询", "建筑"):
        assert term in terms
    assert not any(term.startswith("#") or not term for term in terms)


def test_catalogues_are_cached():
    assert catalogues.forbidden_words() is catalogues.forbidden_words()
    assert catalogues.industry_terms() is catalogues.industry_terms()
    assert catalogues.scope_items() is catalogues.scope_items()
