from stdnum import numdb

from app.rules import regions


def test_region_name_joins_province_city_county():
    assert regions.region_name("420324") == "湖北省十堰市竹溪县"
    assert regions.region_name("420300") == "湖北省十堰市"
    assert regions.region_name("420000") == "湖北省"


def test_region_name_skips_placeholder_rows():
    # 110100 is "市辖区", a grouping row, not part of the address.
    assert regions.region_name("110101") == "北京市东城区"


def test_current_name_is_preferred_over_an_old_one():
    # 120110 was 东郊区 until 1991, 东丽区 since 1992.
    assert regions.county_name("120110") == "东丽区"
    assert regions.region_name("120110") == "天津市东丽区"


def test_abolished_code_still_has_its_last_name():
    # 崇文区 merged into 东城区 in 2010; people born there keep 110103 on their ID.
    assert regions.is_region_code("110103")
    assert regions.county_name("110103") == "崇文区"


def test_code_assigned_after_a_birth_year_is_still_a_region():
    # 竹溪县 became 420324 in 1994; IDs of people born there in 1990 carry it.
    assert regions.is_region_code("420324")
    assert regions.county_name("420324") == "竹溪县"


def test_unknown_and_malformed_codes():
    for code in ("999999", "42032", "4203240", "", "42O324", "４２０３２４", "100000"):
        assert not regions.is_region_code(code), code
        assert regions.region_name(code) is None
        assert regions.county_name(code) is None


def test_every_code_agrees_with_stdnum_lookup():
    database = numdb.get("cn/loc")
    for code in regions._table():
        found = dict(database.info(code))
        if code.endswith("0000"):
            continue
        county_field = found[code[2:]]["county"]
        assert regions.county_name(code) in county_field, code


def test_short_name_strips_level_and_ethnic_groups():
    cases = {
        "竹溪县": "竹溪",
        "十堰市": "十堰",
        "湖北省": "湖北",
        "广西壮族自治区": "广西",
        "新疆维吾尔自治区": "新疆",
        "宁夏回族自治区": "宁夏",
        "内蒙古自治区": "内蒙古",
        "恩施土家族苗族自治州": "恩施",
        "长阳土家族自治县": "长阳",
        "香港特别行政区": "香港",
        "阿里地区": "阿里",
        "锡林郭勒盟": "锡林郭勒",
        "浦东新区": "浦东",
    }
    for full, short in cases.items():
        assert regions.short_name(full) == short, full


def test_short_name_never_leaves_a_single_character():
    assert regions.short_name("房县") == "房县"
    assert regions.short_name("沙市") == "沙市"


def test_region_names_hold_full_and_short_forms():
    names = regions.region_names()
    for name in ("湖北省", "湖北", "十堰市", "十堰", "竹溪县", "竹溪", "北京", "广西", "恩施", "房县"):
        assert name in names, name


def test_region_names_leave_out_placeholders_and_old_names():
    names = regions.region_names()
    for name in ("市辖区", "县", "省直辖县级行政单位", "东郊区", "崇文区"):
        assert name not in names, name


def test_region_names_are_cached():
    assert regions.region_names() is regions.region_names()


def test_is_region_name_accepts_full_path_names():
    assert regions.is_region_name("湖北省十堰市竹溪县")
    assert regions.is_region_name("竹溪县")
    assert regions.is_region_name("竹溪")
    assert not regions.is_region_name("火星")
    assert not regions.is_region_name("")


def test_registration_area_is_the_lowest_level_short_name():
    assert regions.registration_area("湖北省十堰市竹溪县") == "竹溪"
    assert regions.registration_area("竹溪县") == "竹溪"
    assert regions.registration_area("竹溪") == "竹溪"
    assert regions.registration_area("十堰市") == "十堰"


def test_current_region_codes_leave_out_abolished_codes_and_filler_rows():
    assert regions.is_current_region_code("420324")  # 竹溪县
    assert regions.is_current_region_code("110105")  # 朝阳区
    assert not regions.is_current_region_code("110103")  # 崇文区, until 2010
    assert not regions.is_current_region_code("420301")  # 市辖区
    assert not regions.is_current_region_code("999999")


def test_province_codes():
    assert regions.is_province_code("42") and regions.is_province_code("82")
    assert not regions.is_province_code("10") and not regions.is_province_code("99")
