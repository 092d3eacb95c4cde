import pytest

from app.documents.capital import yuan_in_wan, yuan_in_words


@pytest.mark.parametrize(("yuan", "words"), [
    (0, "零元整"),
    (10, "壹拾元整"),
    (30_000, "叁万元整"),
    (100_000, "壹拾万元整"),
    (1_000_000, "壹佰万元整"),
    (1_001, "壹仟零壹元整"),
    (1_010, "壹仟零壹拾元整"),
    (10_050_000, "壹仟零伍万元整"),
    (100_010_000, "壹亿零壹万元整"),
    (123_456_789, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"),
    (500_000_000_000, "伍仟亿元整"),
])
def test_yuan_in_words(yuan, words):
    assert yuan_in_words(yuan) == words


def test_yuan_in_words_refuses_negative_amounts():
    with pytest.raises(ValueError):
        yuan_in_words(-1)


@pytest.mark.parametrize(("yuan", "wan"), [(1_000_000, "100万元"), (1_234_500, "123.45万元"), (5_000, "0.5万元")])
def test_yuan_in_wan(yuan, wan):
    assert yuan_in_wan(yuan) == wan
