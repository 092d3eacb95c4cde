"""Sixty-odd names with the verdict an examiner gives and the article that decides it.

规定 = 企业名称登记管理规定 (国务院令第734号, 2020); 比对规则 = 企业名称相同相近比对规则
(工商企注字〔2017〕133号). The registry holds the three names in HELD (竹溪县).
"""

import pytest

from app.rules import name_similarity, names
from app.rules.name_similarity import HeldName

HELD = (
    HeldName("竹溪", "云帆", "科技", "竹溪县云帆科技有限公司"),
    HeldName("竹溪", "士林", "贸易", "竹溪县士林贸易有限公司"),
    HeldName("竹溪", "康师", "餐饮", "竹溪县康师餐饮有限公司"),
)
OK = "ok"


def verdict(region: str, trade_name: str, industry: str, org_form: str = "有限公司", entity_type: str = "llc") -> str:
    """"ok", the first refusal's code, or "warn:<code>" when the name can be had with a warning."""
    problems = names.name_problems(region, trade_name, industry, org_form, entity_type) + names.name_warnings(trade_name)
    problems += [c.problem() for c in name_similarity.conflicts(names.registration_area_of(region), trade_name,
                                                                 industry, HELD)]
    refusals = [p.code for p in problems if p.level == names.REFUSE]
    warnings = [p.code for p in problems if p.level == names.WARN]
    return refusals[0] if refusals else f"warn:{warnings[0]}" if warnings else OK


TABLE = [
    # --- 规定 第十二条: 中国、中华、中央、全国、国家 only, for the State Council to approve
    (("竹溪县", "中国云", "科技"), "forbidden_word"),  # 第十二条 中国
    (("竹溪县", "中华云", "科技"), "forbidden_word"),  # 第十二条 中华
    (("竹溪县", "中央厨", "餐饮"), "forbidden_word"),  # 第十二条 中央
    (("竹溪县", "全国通", "物流"), "forbidden_word"),  # 第十二条 全国
    (("竹溪县", "国家队", "体育"), "forbidden_word"),  # 第十二条 国家
    (("竹溪县", "云帆", "国际贸易"), OK),  # 第十二条 does not list 国际 (the 1999 rule did)
    (("竹溪县", "云帆", "国际物流"), OK),  # 第十二条 likewise
    (("竹溪县", "国际星", "科技"), OK),  # 第十二条 likewise, in the trade name
    # --- 规定 第十一条(四): foreign states, full and short forms; international organisations
    (("竹溪县", "法兰西", "贸易"), "forbidden_word"),  # 第十一条(四) 法兰西共和国's short form
    (("竹溪县", "法国风", "贸易"), "forbidden_word"),  # 第十一条(四) 法国
    (("竹溪县", "美利坚", "贸易"), "forbidden_word"),  # 第十一条(四) 美利坚合众国's short form
    (("竹溪县", "德意志", "机械"), "forbidden_word"),  # 第十一条(四) 德意志联邦共和国's short form
    (("竹溪县", "大不列颠", "贸易"), "forbidden_word"),  # 第十一条(四) the United Kingdom
    (("竹溪县", "云帆", "日本料理"), "forbidden_word"),  # 第十一条(四) in the industry phrase
    (("竹溪县", "联合国", "贸易"), "forbidden_word"),  # 第十一条(四) 国际组织
    # --- 规定 第十一条(三): parties, and the armed services
    (("竹溪县", "中共云", "咨询"), "forbidden_word"),  # 第十一条(三) 中国共产党's short form
    (("竹溪县", "海军", "服装"), "forbidden_word"),  # 第十一条(三) 海军
    (("竹溪县", "陆军", "服装"), "forbidden_word"),  # 第十一条(三) 陆军
    (("竹溪县", "空军", "服装"), "forbidden_word"),  # 第十一条(三) 空军
    (("竹溪县", "火箭军", "科技"), "forbidden_word"),  # 第十一条(三) 火箭军
    (("竹溪县", "武警", "安保"), "forbidden_word"),  # 第十一条(三) 中国人民武装警察部队
    (("竹溪县", "解放军", "贸易"), "forbidden_word"),  # 第十一条(三) 中国人民解放军
    (("竹溪县", "冠军", "体育"), OK),  # 第十一条(三) names words, not 军 alone
    (("竹溪县", "党参", "种植", "专业合作社", "cooperative"), OK),  # 第十一条(三) likewise 党
    # --- 规定 第十一条(一)(五): national dignity; gambling, drugs
    (("竹溪县", "支那", "贸易"), "forbidden_word"),  # 第十一条(一)
    (("竹溪县", "赌神", "娱乐"), "forbidden_word"),  # 第十一条(五) 赌博
    (("竹溪县", "赌王", "娱乐"), "forbidden_word"),  # 第十一条(五) 赌博
    (("竹溪县", "百家乐", "娱乐"), "forbidden_word"),  # 第十一条(五) 赌博
    (("竹溪县", "海洛因", "贸易"), "forbidden_word"),  # 第十一条(五) (drugs: 违背公序良俗)
    # --- 规定 第八条第二款: region names are no trade name, 另有含义的除外
    (("竹溪县", "十堰", "科技"), "trade_name_is_region"),  # 第八条 十堰市
    (("竹溪县", "湖北", "科技"), "trade_name_is_region"),  # 第八条 湖北省
    (("竹溪县", "北京", "科技"), "trade_name_is_region"),  # 第八条 北京市
    (("竹溪县", "长春", "科技"), "trade_name_is_region"),  # 第八条 a provincial capital stands for the place
    (("竹溪县", "东方", "科技"), OK),  # 第八条 另有含义: the east (东方市)
    (("竹溪县", "光明", "乳业"), OK),  # 第八条 另有含义: light (光明区)
    (("竹溪县", "新华", "书店"), OK),  # 第八条 另有含义 (新华区)
    (("竹溪县", "长安", "汽车销售"), OK),  # 第八条 另有含义: lasting peace (长安区)
    (("竹溪县", "和平", "商贸"), OK),  # 第八条 另有含义: peace (和平区)
    (("竹溪县", "朝阳", "科技"), OK),  # 第八条 另有含义: the morning sun (朝阳区)
    (("竹溪县", "凤凰", "文化传媒"), OK),  # 第八条 另有含义: phoenix (凤凰县)
    (("竹溪县", "青山", "科技"), OK),  # 第八条 另有含义: green hills (青山区)
    # --- 规定 第八条: industry terms are no trade name; two characters at least
    (("竹溪县", "科技", "贸易"), "trade_name_is_industry"),  # 第八条 行业或者经营特点
    (("竹溪县", "商贸", "科技"), "trade_name_is_industry"),  # 第八条
    (("竹溪县", "云", "科技"), "trade_name_too_short"),  # 第八条 两个以上汉字
    (("竹溪县", "Yunfan", "科技"), "trade_name_not_chinese"),  # 第五条 汉字
    (("竹溪县", "云帆1号", "科技"), "trade_name_not_chinese"),  # 第五条 汉字
    # --- 规定 第五条: 规范汉字
    (("竹溪县", "雲帆", "科技"), "traditional_characters"),  # 第五条 雲 → 云
    (("竹溪县", "中華", "科技"), "traditional_characters"),  # 第五条 (and 第十二条 中华)
    (("竹溪县", "云帆", "資訊"), "traditional_characters"),  # 第五条 in the industry phrase
    (("竹溪县", "乾坤", "科技"), OK),  # 第五条 乾 is 规范汉字 in 乾坤 (通用规范汉字表)
    # --- 规定 第十一条(八); 反不正当竞争法 第六条(二): well-known trade names, a warning
    (("竹溪县", "华为", "通信"), "warn:well_known_name"),  # 华为技术有限公司
    (("竹溪县", "腾讯达", "科技"), "warn:well_known_name"),  # 腾讯, within the trade name
    (("竹溪县", "阿里巴巴", "商贸"), "warn:well_known_name"),  # 阿里巴巴
    (("竹溪县", "同仁堂", "医药"), "warn:well_known_name"),  # 中华老字号
    # --- 规定 第十七条; 比对规则 第四条: against the names held
    (("竹溪县", "云帆", "科技"), "taken"),  # 第十七条 same trade name, same trade
    (("竹溪县", "云帆", "网络科技"), "taken"),  # 比对规则 第四条(一) 网络科技 ends with 科技
    (("竹溪县", "云帆", "信息技术"), "taken"),  # 比对规则 第四条(一) one group (GB/T 4754 I)
    (("竹溪", "云帆", "科技"), "taken"),  # 第十七条 the region's short form, the same authority
    (("竹溪县", "云帆", "商贸"), OK),  # 第十七条 another trade
    (("竹山县", "云帆", "科技"), OK),  # 第十七条 another registration authority
    (("竹溪县", "云凡", "科技"), "warn:similar_name"),  # 比对规则 第四条(二) 字音相同 (yun fan)
    (("竹溪县", "云番", "科技"), "warn:similar_name"),  # 比对规则 第四条(二) 字音相同
    (("竹溪县", "帆云", "科技"), "warn:similar_name"),  # 第十一条(八) the same characters reordered
    (("竹溪县", "土林", "贸易"), "warn:similar_name"),  # 第十一条(八) 土/士 形近
    (("竹溪县", "康帅", "餐饮"), "warn:similar_name"),  # 第十一条(八) 师/帅 形近 (康帅傅)
    (("竹溪县", "云凡", "商贸"), OK),  # 比对规则 第四条(二) asks the same trade
    (("竹溪县", "星河", "科技"), OK),  # nothing near
    # --- 组织形式 (规定 第十条; 公司法, 合伙企业法, 农民专业合作社法) and the other parts
    (("竹溪县", "云帆", "茶叶", "店"), "bad_org_form"),  # 规定 第十条 a company's form is 有限公司
    (("竹溪县", "云帆", "茶叶", "股份有限公司"), "bad_org_form"),  # 规定 第十条 the form of the type asked
    (("竹溪县", "云帆", "茶叶", "专业合作社", "cooperative"), OK),  # 农民专业合作社法 第十三条
    (("火星县", "云帆", "科技"), "region_unknown"),  # 规定 第七条 县级以上地方行政区划名称
    (("竹溪县", "云帆", ""), "industry_missing"),  # 规定 第九条 标明行业或者经营特点
]


def test_the_table_is_large_enough():
    assert len(TABLE) >= 60


@pytest.mark.parametrize(("args", "expected"), TABLE, ids=["".join(args[:3]) for args, _ in TABLE])
def test_verdict(args, expected):
    assert verdict(*args) == expected
