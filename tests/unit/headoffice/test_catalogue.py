import pytest

from headoffice.domain.catalogue import parse_catalogue
from headoffice.domain.errors import CatalogueRejected

HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category\n"


def test_parses_a_good_file() -> None:
    lines = parse_catalogue(
        HEADER
        + "COLA-330,Cola 330ml,6901234567892|4006381333931,piece,350,200,drinks\n"
        + "RICE-G,Loose rice,,g,2,1,food\n"
    )
    assert [line.sku for line in lines] == ["COLA-330", "RICE-G"]
    assert lines[0].barcodes == ("6901234567892", "4006381333931")
    assert lines[0].price_minor == 350 and lines[0].cost_minor == 200
    assert lines[1].barcodes == () and lines[1].unit == "g"
    assert lines[1].line_no == 3


def test_columns_may_come_in_any_order() -> None:
    lines = parse_catalogue(
        "name,sku,unit,barcodes,category,cost_minor,price_minor\nTea,TEA,piece,,drinks,1,2\n"
    )
    assert lines[0].sku == "TEA" and lines[0].price_minor == 2 and lines[0].cost_minor == 1


def test_every_bad_line_is_reported_before_refusing() -> None:
    text = (
        HEADER
        + "A,Apple,6901234567892,piece,100,50,fruit\n"  # 2 ok
        + "B,,,piece,100,50,fruit\n"  # 3 empty name
        + "C,Cherry,6901234567891,piece,100,50,fruit\n"  # 4 bad check digit
        + "D,Date,,box,100,50,fruit\n"  # 5 bad unit
        + "E,Egg,,piece,1.50,50,food\n"  # 6 float price
        + "F,Fig,,piece,100,-1,fruit\n"  # 7 negative cost
        + "A,Apple again,,piece,100,50,fruit\n"  # 8 duplicated SKU
        + "G,Grape,6901234567892,piece,100,50,fruit\n"  # 9 barcode of A
        + "H,Ham,,piece,100\n"  # 10 missing fields
    )
    with pytest.raises(CatalogueRejected) as info:
        parse_catalogue(text)
    bad_lines = sorted({line_no for line_no, _ in info.value.errors})
    assert bad_lines == [3, 4, 5, 6, 7, 8, 9, 10]
    reasons = dict(info.value.errors)
    assert "empty name" in reasons[3]
    assert "check digit" in reasons[4]
    assert "'box' is not a base unit" in reasons[5]
    assert "price_minor" in reasons[6]
    assert "cost_minor" in reasons[7]
    assert "already listed on line 2" in reasons[8]
    assert "already used by SKU A on line 2" in reasons[9]
    assert "field(s)" in reasons[10]
    assert "nothing was imported" in str(info.value)


def test_a_missing_column_is_refused() -> None:
    with pytest.raises(CatalogueRejected) as info:
        parse_catalogue("sku,name,barcodes,unit,price_minor,category\nA,Apple,,piece,1,fruit\n")
    assert info.value.errors == [(1, "the header lacks column(s) cost_minor")]


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(CatalogueRejected):
        parse_catalogue("")
    with pytest.raises(CatalogueRejected):
        parse_catalogue(HEADER)
