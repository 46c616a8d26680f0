"""Writes TensorBoard event files as Keras' TensorBoard callback does, with no TensorFlow.

    logs = KerasLogs("logs")                          # logs/train/ and logs/validation/
    logs.epoch_end(0, {"loss": 0.3, "accuracy": 0.9}, {"loss": 0.4, "accuracy": 0.88})
    logs.close()

Each folder gets one file, events.out.tfevents.<10-digit time>.<host>.<pid>.<n>.v2,
of TFRecord records (little-endian length, its masked CRC-32C, the payload, the
payload's masked CRC-32C). The first record is the file_version event
"brain.Event:2"; each scalar is an Event holding one Summary.Value whose tensor is
a float32 scalar in tensor_content with the "scalars" plugin metadata, as
tf.summary.scalar writes it in TF2. Every call writes its records in one write
and flushes, so a reader following the file sees each epoch as it ends.

Standard library only. The same file sits in each sample's folder because a job
uploads only its script's folder.
"""

import os
import socket
import struct
import threading
import time

FILE_VERSION = "brain.Event:2"
WRITER_NAME = "azureml_explorer.samples.tfevents"
DT_FLOAT = 1
SCALARS_PLUGIN = "scalars"


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), the checksum TFRecord uses."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame(payload):
    """One TFRecord record holding ``payload``."""
    length = struct.pack("<Q", len(payload))
    return length + struct.pack("<I", masked_crc32c(length)) + payload + struct.pack("<I", masked_crc32c(payload))


# Protocol buffers: only the wire types these messages use.
def _varint(value):
    value &= 0xFFFFFFFFFFFFFFFF  # int64 fields: negatives as ten bytes of two's complement
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _length_delimited(field, data):
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _float32(value):
    try:
        return struct.pack("<f", value)
    except OverflowError:  # beyond float32's range, as a float32 cast gives
        return struct.pack("<f", float("inf") if value > 0 else float("-inf"))


def scalar_value(tag, value):
    """A Summary.Value: tag, TensorProto{dtype DT_FLOAT, empty shape, tensor_content}, plugin metadata."""
    tensor = _varint(1 << 3) + _varint(DT_FLOAT) + _length_delimited(2, b"") + _length_delimited(4, _float32(value))
    metadata = _length_delimited(1, _length_delimited(1, SCALARS_PLUGIN.encode()))
    return _length_delimited(1, tag.encode("utf-8")) + _length_delimited(8, tensor) + _length_delimited(9, metadata)


def event(wall_time, step=0, file_version=None, source_writer=None, summary_values=()):
    """An Event: wall_time (1), step (2, left out when 0 as proto3 does), file_version (3),
    summary (5) of the given Summary.Value messages, source_metadata.writer (10)."""
    out = _varint(1 << 3 | 1) + struct.pack("<d", wall_time)
    if step:
        out += _varint(2 << 3) + _varint(step)
    if file_version is not None:
        out += _length_delimited(3, file_version.encode())
    if summary_values:
        out += _length_delimited(5, b"".join(_length_delimited(1, value) for value in summary_values))
    if source_writer is not None:
        out += _length_delimited(10, _length_delimited(1, source_writer.encode()))
    return out


_file_counter = 0
_counter_lock = threading.Lock()


def _next_file_number():
    # Like TensorFlow's writers: a counter across the process keeps two files of one second apart.
    global _file_counter
    with _counter_lock:
        number = _file_counter
        _file_counter += 1
    return number


class EventFileWriter:
    """One new event file in ``folder`` (created if missing)."""

    def __init__(self, folder):
        os.makedirs(folder, exist_ok=True)
        started = time.time()
        name = "events.out.tfevents.%010d.%s.%d.%d.v2" % (started, socket.gethostname(), os.getpid(),
                                                          _next_file_number())
        self.path = os.path.join(folder, name)
        self._file = open(self.path, "wb")
        # Whole seconds, as TensorFlow stamps this first event (and the file name).
        self._write([event(float(int(started)), file_version=FILE_VERSION, source_writer=WRITER_NAME)])

    def add_scalars(self, step, scalars, wall_time=None):
        """One event per ``{tag: value}`` item, all at ``step``, written and flushed together."""
        wall_time = time.time() if wall_time is None else wall_time
        self._write([event(wall_time, step, summary_values=[scalar_value(tag, float(value))])
                     for tag, value in scalars.items()])

    def _write(self, events):
        self._file.write(b"".join(frame(payload) for payload in events))
        self._file.flush()

    def close(self):
        self._file.close()


class KerasLogs:
    """The files of Keras' TensorBoard(log_dir) callback: <log_dir>/train and <log_dir>/validation,
    each metric as epoch_<name> at step = epoch index (from 0)."""

    def __init__(self, log_folder):
        self.train = EventFileWriter(os.path.join(log_folder, "train"))
        self.validation = EventFileWriter(os.path.join(log_folder, "validation"))

    def epoch_end(self, epoch_index, train, validation):
        self.train.add_scalars(epoch_index, {"epoch_" + name: value for name, value in train.items()})
        self.validation.add_scalars(epoch_index, {"epoch_" + name: value for name, value in validation.items()})

    def close(self):
        self.train.close()
        self.validation.close()
