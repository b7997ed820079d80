"""A tiny FIT encoder for tests: one file_id and one session message, valid CRCs.

Enough of the FIT protocol (header, a definition and a data message per message
type, CRC-16) to make the files a watch writes for one activity, so the reader
can be tested on files we make ourselves.
"""

from __future__ import annotations

import datetime as dt
import struct

_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.timezone.utc)
SPORTS = {"running": 1, "cycling": 2, "walking": 11, "swimming": 5}


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0xF, (byte >> 4) & 0xF):
            tmp = _CRC_TABLE[crc & 0xF]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def _message(local: int, global_number: int, fields: list[tuple[int, str, int]]) -> bytes:
    """A definition and a data message; fields are (number, struct code, value)."""
    base_types = {"B": (1, 0x00), "I": (4, 0x86), "H": (2, 0x84)}
    definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
    for number, code, _value in fields:
        size, base = base_types[code]
        definition += struct.pack("<BBB", number, size, base)
    data = struct.pack("<B", local) + b"".join(struct.pack("<" + code, value) for _n, code, value in fields)
    return definition + data


def fit_activity(start: dt.datetime, sport: str, seconds: float, metres: float) -> bytes:
    when = int((start - FIT_EPOCH).total_seconds())
    body = _message(0, 0, [(0, "B", 4), (4, "I", when)])  # file_id: an activity file
    body += _message(1, 18, [(2, "I", when), (5, "B", SPORTS[sport]), (7, "I", int(seconds * 1000)),
                             (8, "I", int(seconds * 1000)), (9, "I", int(metres * 100))])
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    return header + body + struct.pack("<H", crc16(header + body))
