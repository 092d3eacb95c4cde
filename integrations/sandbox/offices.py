"""Names of the local offices the sandbox speaks for, derived from a GB/T 2260 region code."""

from __future__ import annotations

from app.rules import regions


def place_name(region_code: str) -> str:
    """The county (or city) a region code stands for ("420324" → "竹溪县")."""
    return regions.county_name(region_code) or region_code


def registration_authority(region_code: str) -> str:
    """"竹溪县市场监督管理局"."""
    return f"{place_name(region_code)}市场监督管理局"


def tax_office(region_code: str) -> str:
    """"国家税务总局竹溪县税务局"."""
    return f"国家税务总局{place_name(region_code)}税务局"


def bank_branch(bank: str, region_code: str) -> str:
    """"中国农业银行竹溪县支行"."""
    return f"{bank}{place_name(region_code)}支行"


def seal_shop(region_code: str) -> str:
    """The licensed seal shop the order goes to."""
    return f"{place_name(region_code)}公安局备案刻章服务部"
