from headoffice.domain.costing import StockBook, StockPosition, apply_movement


def test_first_receipt_sets_the_average() -> None:
    pos, cost = apply_movement(StockPosition(0, 0), 10, 250)
    assert pos == StockPosition(10, 250)
    assert cost == 250


def test_receipt_averages_with_existing_stock() -> None:
    pos, _ = apply_movement(StockPosition(10, 100), 10, 200)
    assert pos == StockPosition(20, 150)


def test_average_rounds_down_below_half() -> None:
    # (3*10 + 1*11) / 4 = 10.25
    pos, _ = apply_movement(StockPosition(3, 10), 1, 11)
    assert pos.avg_cost_minor == 10


def test_average_rounds_half_up() -> None:
    # (1*10 + 1*11) / 2 = 10.5
    pos, _ = apply_movement(StockPosition(1, 10), 1, 11)
    assert pos.avg_cost_minor == 11


def test_average_rounds_up_above_half() -> None:
    # (1*10 + 2*11) / 3 = 10.67
    pos, _ = apply_movement(StockPosition(1, 10), 2, 11)
    assert pos.avg_cost_minor == 11


def test_sale_keeps_average_and_is_valued_at_it() -> None:
    pos, cost = apply_movement(StockPosition(5, 123), -2, None)
    assert pos == StockPosition(3, 123)
    assert cost == 123


def test_sale_may_drive_stock_negative() -> None:
    pos, cost = apply_movement(StockPosition(1, 50), -3, None)
    assert pos == StockPosition(-2, 50)
    assert cost == 50


def test_receipt_into_negative_stock_takes_the_receipt_cost() -> None:
    pos, _ = apply_movement(StockPosition(-2, 50), 5, 80)
    assert pos == StockPosition(3, 80)


def test_inflow_without_cost_keeps_average() -> None:
    pos, cost = apply_movement(StockPosition(4, 70), 1, None)
    assert pos == StockPosition(5, 70)
    assert cost == 70


def test_quantities_and_costs_stay_ints() -> None:
    pos, cost = apply_movement(StockPosition(7, 333), 5, 101)
    assert type(pos.qty_base) is int and type(pos.avg_cost_minor) is int and type(cost) is int


def test_stock_book_follows_apply_movement_movement_by_movement() -> None:
    from headoffice.domain.costing import StockBook

    moves = [
        ("A", 3, 10),
        ("A", 1, 11),
        ("B", -4, None),
        ("A", -2, None),
        ("A", 2, 13),
        ("B", 5, 80),
        ("A", -9, None),
        ("A", 1, 7),
        ("B", 1, None),
        ("A", -1, 50),  # an outflow's cost is ignored
        ("B", 3, 0),
    ]
    start = {"A": StockPosition(0, 9), "B": StockPosition(2, 40)}
    book = StockBook(start)
    expected = dict(start)
    for sku, qty, cost in moves:
        expected[sku], valued = apply_movement(expected[sku], qty, cost)
        assert book.move(sku, qty, cost) == valued
    assert book.positions() == expected


def test_movements_without_a_cost_keep_every_average_and_net_out() -> None:
    """The rule apply_batch's one-statement path relies on: no costed inflow, no new average."""
    start = {"A": StockPosition(5, 10), "B": StockPosition(-2, 7)}
    moves = [("A", -3, None), ("B", 4, None), ("A", 2, None), ("A", -9, 50), ("B", -1, None)]
    book = StockBook(start)
    valued = [book.move(sku, qty, cost) for sku, qty, cost in moves]
    assert valued == [start[sku].avg_cost_minor for sku, _, _ in moves]
    net: dict[str, int] = {}
    for sku, qty, _ in moves:
        net[sku] = net.get(sku, 0) + qty
    assert book.positions() == {
        sku: StockPosition(p.qty_base + net[sku], p.avg_cost_minor) for sku, p in start.items()
    }
