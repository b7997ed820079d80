"""A tiny FIT encoder for tests: a file_id, optional records and a session message, valid CRCs.

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


_BASE_TYPES = {"B": (1, 0x00), "I": (4, 0x86), "H": (2, 0x84)}


def _definition(local: int, global_number: int, fields: list[tuple[int, str, int]]) -> bytes:
    """A definition message; fields are (number, struct code, value)."""
    definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
    for number, code, _value in fields:
        size, base = _BASE_TYPES[code]
        definition += struct.pack("<BBB", number, size, base)
    return definition


def _data(local: int, fields: list[tuple[int, str, int]]) -> bytes:
    return struct.pack("<B", local) + b"".join(struct.pack("<" + code, value) for _n, code, value in fields)


def _message(local: int, global_number: int, fields: list[tuple[int, str, int]]) -> bytes:
    """A definition and a data message; fields are (number, struct code, value)."""
    return _definition(local, global_number, fields) + _data(local, fields)


def _records(local: int, when: int, seconds: float, metres: float, count: int) -> bytes:
    """`count` record messages (timestamp, distance, heart rate) spread over the activity,
    as a watch writes them: one definition, then the data messages."""
    if count <= 0:
        return b""
    out = _definition(local, 20, [(253, "I", 0), (5, "I", 0), (3, "B", 0)])
    for i in range(count):
        share = i / max(count - 1, 1)
        out += _data(local, [(253, "I", when + int(seconds * share)), (5, "I", int(metres * share * 100)),
                             (3, "B", 140 + i % 20)])
    return out


def fit_activity(start: dt.datetime, sport: str, seconds: float, metres: float, records: int = 0) -> bytes:
    """A FIT activity file: file_id, `records` record messages (none by default), a session."""
    when = int((start - FIT_EPOCH).total_seconds())
    body = _message(0, 0, [(0, "B", 4), (4, "I", when)])  # file_id: an activity file
    body += _records(2, when, seconds, metres, records)
    body += _message(1, 18, [(2, "I", when), (5, "B", SPORTS[sport]), (7, "I", int(seconds * 1000)),
                             (8, "I", int(seconds * 1000)), (9, "I", int(metres * 100))])
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    return header + body + struct.pack("<H", crc16(header + body))
