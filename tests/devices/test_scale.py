"""The MT-SICS parser, and a serial scale over a socat pty where the test plays the scale."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from edge_agent.devices.errors import (
    DeviceUnavailable,
    ScaleAnswerGarbled,
    ScaleBusy,
    ScaleNoAnswer,
    ScaleNotSteady,
    ScaleOutOfRange,
)
from edge_agent.devices.scale import (
    MtSics,
    SerialScale,
    WeightReading,
    grams,
    scale_protocol,
    steady_weight,
)
from edge_agent.devices.tills_config import SerialPort
from tests.devices.conftest import PlayedScale, PtyPair

SCALE = "the scale of till T1"


@pytest.mark.parametrize(
    ("answer", "reading"),
    [
        ("S S     0.250 kg", WeightReading(250, True)),
        ("S D     0.248 kg", WeightReading(248, False)),
        ("S S      1.5 kg", WeightReading(1500, True)),
        ("S S    12.3456 kg", WeightReading(12346, True)),
        ("S S    250 g", WeightReading(250, True)),
        ("S S    100.5 g", WeightReading(101, True)),
        ("S S    100.49 g", WeightReading(100, True)),
        ("S S    -0.010 kg", WeightReading(-10, True)),
        ("S S  0.000 kg", WeightReading(0, True)),
    ],
)
def test_mt_sics_weights_become_whole_grams(answer: str, reading: WeightReading) -> None:
    assert MtSics().parse(answer, SCALE) == reading


@pytest.mark.parametrize(
    ("answer", "error", "sentence"),
    [
        ("S +", ScaleOutOfRange, "the scale of till T1 is overloaded"),
        ("S -", ScaleOutOfRange, "the scale of till T1 reads below zero"),
        ("S I", ScaleBusy, "the scale of till T1 is busy"),
        ("ES", ScaleAnswerGarbled, "refused the weight request (ES); is it set to MT-SICS?"),
        ("S S 0.250 lb", ScaleAnswerGarbled, "not an MT-SICS weight in g or kg"),
        ("S S 0,250 kg", ScaleAnswerGarbled, "answered 'S S 0,250 kg'"),
        ("\x00\x7f##", ScaleAnswerGarbled, "check scale_protocol in tills.toml"),
        ("", ScaleAnswerGarbled, "answered ''"),
    ],
)
def test_mt_sics_refusals_are_sentences(answer: str, error: type, sentence: str) -> None:
    with pytest.raises(error) as err:
        MtSics().parse(answer, SCALE)
    assert sentence in str(err.value)


def test_grams_never_goes_through_floats() -> None:
    # 0.1 + 0.2 style drift would show here: 1.005 kg is exactly 1005 g.
    assert grams("1.005", "kg") == 1005
    assert grams("999999.999", "kg") == 999_999_999
    assert grams("2500", "mg") == 3
    with pytest.raises(ValueError):
        grams("1e3", "g")


def test_protocols_are_found_by_name() -> None:
    assert isinstance(scale_protocol("mt-sics"), MtSics)
    with pytest.raises(Exception, match="scale protocol 'cas' is unknown; known: mt-sics"):
        scale_protocol("cas")


@pytest.fixture
def played_scale(pty_pair: Callable[[str], PtyPair]) -> Iterator[Callable[..., tuple]]:
    made: list[tuple[SerialScale, PlayedScale]] = []

    def make(*answers: bytes, timeout_s: float = 2.0) -> tuple[SerialScale, PlayedScale]:
        pair = pty_pair("scale")
        scale = SerialScale(
            SCALE, SerialPort(str(pair.device)), scale_protocol("mt-sics"), timeout_s
        )
        made.append((scale, PlayedScale(str(pair.far), list(answers))))
        return made[-1]

    yield make
    for scale, player in made:
        scale.close()
        player.close()


def test_serial_scale_asks_si_and_reads_the_answer(played_scale) -> None:
    scale, player = played_scale(b"S S     0.250 kg\r\n", b"S D     0.248 kg\r\n")
    assert scale.read_weight() == WeightReading(250, True)
    with pytest.raises(ScaleNotSteady) as err:
        steady_weight(scale)
    assert str(err.value) == (
        "the scale is not steady yet (0.248 kg, moving); wait for it to settle"
    )
    assert player.requests == [b"SI\r\n", b"SI\r\n"]


def test_a_silent_scale_is_reported_within_the_timeout(played_scale) -> None:
    scale, _ = played_scale(b"S S     0.2", timeout_s=0.3)  # half an answer, then nothing
    with pytest.raises(ScaleNoAnswer) as err:
        scale.read_weight()
    assert "the scale of till T1 did not answer within 0.3 s" in str(err.value)
    assert "type the weight in grams" in str(err.value)


def test_a_missing_scale_port_is_a_sentence(tmp_path) -> None:
    scale = SerialScale(
        SCALE, SerialPort(str(tmp_path / "ttyUSB9")), scale_protocol("mt-sics"), 0.3
    )
    with pytest.raises(DeviceUnavailable) as err:
        scale.read_weight()
    assert str(err.value).startswith("the scale of till T1 cannot be opened (")
    assert "check the cable and tills.toml, or type the weight in grams" in str(err.value)
