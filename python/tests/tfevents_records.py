"""Reads TensorBoard event files for the tests, independently of the samples' writer.

TFRecord framing with both CRCs checked by a bitwise CRC-32C that shares no code with
the writer's table, and the few Event fields the tests look at.
"""

import struct

MASK_DELTA = 0xA282EAD8


def crc32c_bitwise(data):
    """CRC-32C bit by bit: slow, but shares nothing with the table-driven one under test."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + MASK_DELTA) & 0xFFFFFFFF


def split_records(data):
    """([(offset, record bytes, payload)], end of the last complete record). Raises on a bad CRC;
    stops at a record cut short, as a reader following a file being written must."""
    records = []
    offset = 0
    while offset + 12 <= len(data):
        header = data[offset : offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack_from("<I", data, offset + 8)
        if masked(crc32c_bitwise(header)) != header_crc:
            raise ValueError("bad length CRC at offset %d" % offset)
        end = offset + 12 + length + 4
        if end > len(data):
            break
        payload = data[offset + 12 : offset + 12 + length]
        (data_crc,) = struct.unpack_from("<I", data, offset + 12 + length)
        if masked(crc32c_bitwise(payload)) != data_crc:
            raise ValueError("bad data CRC at offset %d" % offset)
        records.append((offset, data[offset:end], payload))
        offset = end
    return records, offset


def _varint(data, offset):
    result = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, offset


def fields(message):
    """[(field number, wire type, value)]: ints for varints, bytes for the rest."""
    out = []
    offset = 0
    while offset < len(message):
        key, offset = _varint(message, offset)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, offset = _varint(message, offset)
        elif wire == 1:
            value, offset = message[offset : offset + 8], offset + 8
        elif wire == 5:
            value, offset = message[offset : offset + 4], offset + 4
        elif wire == 2:
            size, offset = _varint(message, offset)
            value, offset = message[offset : offset + size], offset + size
        else:
            raise ValueError("wire type %d" % wire)
        out.append((number, wire, value))
    return out


def decode_event(payload):
    """{"wall_time", "step", "file_version", "writer", "values": [{"tag", "value", "encoding", "plugin"}]}."""
    event = {"wall_time": None, "step": 0, "file_version": None, "writer": None, "values": []}
    for number, _wire, value in fields(payload):
        if number == 1:
            event["wall_time"] = struct.unpack("<d", value)[0]
        elif number == 2:
            event["step"] = value
        elif number == 3:
            event["file_version"] = value.decode()
        elif number == 5:
            event["values"] = [_decode_value(v) for n, _w, v in fields(value) if n == 1]
        elif number == 10:
            event["writer"] = dict((n, v) for n, _w, v in fields(value)).get(1, b"").decode()
    return event


def _decode_value(message):
    decoded = {"tag": None, "value": None, "encoding": None, "plugin": None, "dtype": None, "shape": None}
    for number, _wire, value in fields(message):
        if number == 1:
            decoded["tag"] = value.decode()
        elif number == 2:
            decoded["value"], decoded["encoding"] = struct.unpack("<f", value)[0], "simple_value"
        elif number == 8:
            tensor = fields(value)
            decoded["dtype"] = next((v for n, _w, v in tensor if n == 1), None)
            decoded["shape"] = next((v for n, _w, v in tensor if n == 2), None)
            content = next((v for n, _w, v in tensor if n == 4), None)
            if content is not None and decoded["dtype"] == 1 and len(content) == 4:
                decoded["value"], decoded["encoding"] = struct.unpack("<f", content)[0], "tensor_content_f32"
        elif number == 9:
            plugin_data = next((v for n, _w, v in fields(value) if n == 1), b"")
            decoded["plugin"] = next((v.decode() for n, _w, v in fields(plugin_data) if n == 1), None)
    return decoded


def read_events(path):
    """The decoded events of a complete event file."""
    with open(path, "rb") as handle:
        data = handle.read()
    records, end = split_records(data)
    if end != len(data):
        raise ValueError("%s ends in a cut record at offset %d" % (path, end))
    return [decode_event(payload) for _offset, _record, payload in records]


def scalars(events):
    """{tag: [(step, value)]} of the scalar values in ``events``."""
    series = {}
    for event in events:
        for value in event["values"]:
            if value["value"] is not None:
                series.setdefault(value["tag"], []).append((event["step"], value["value"]))
    return series
