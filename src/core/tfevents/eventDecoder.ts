import { decodeString, WireCursor, WireError, wireFixed32, wireFixed64, wireLengthDelimited, wireVarint } from './wire';

/** Receives what one Event holds: scalars to chart, and everything else by name and kind to count. */
export interface EventSink {
	/** `wallTime` in seconds since the epoch, as the Event stores it. */
	scalar(tag: string, step: number, wallTime: number, value: number): void;
	/** A summary that is not a scalar (histograms, images, graphs...), or a graph or run metadata event. */
	other(tag: string, kind: string): void;
}

// Field numbers of tensorboard/compat/proto/{event,summary,tensor}.proto.
const eventWallTime = 1;
const eventStep = 2;
const eventGraphDef = 4;
const eventSummary = 5;
const eventTaggedRunMetadata = 8;
const eventMetaGraphDef = 9;

const valueTag = 1;
const valueSimpleValue = 2;
const valueNodeName = 7;
const valueTensor = 8;
const valueMetadata = 9;
/** The legacy oneof members that are not scalars, named like the plugins that replaced them. */
const legacyKinds: Readonly<Record<number, string>> = { 3: 'histograms', 4: 'images', 5: 'histograms', 6: 'audio' };

const dtFloat = 1;
const dtDouble = 2;
const dtInt32 = 3;
const dtInt64 = 9;
const dtBfloat16 = 14;
const dtHalf = 19;

const scalarsPlugin = new TextEncoder().encode('scalars');

/** Where the fields of one Summary.Value are, found in one pass over it. */
interface ValueFields {
	tagStart: number;
	tagEnd: number;
	simple: number | undefined;
	legacyKind: string | undefined;
	tensorStart: number;
	tensorEnd: number;
	pluginStart: number;
	pluginEnd: number;
}

/**
 * Decodes Events (one TFRecord payload each) into an EventSink: the Event/Summary field loop of
 * tensorboard's protos, reading scalars in both encodings (`simple_value`, and a scalar `tensor`
 * as TF2, Keras and PyTorch's new-style scalars write it). Reuses its cursor between records.
 */
export class EventDecoder {
	private readonly cursor = new WireCursor(new Uint8Array(0), new DataView(new ArrayBuffer(0)));
	private readonly tags = new RecentTags();
	private readonly value: ValueFields = { tagStart: 0, tagEnd: 0, simple: undefined, legacyKind: undefined, tensorStart: 0, tensorEnd: 0, pluginStart: 0, pluginEnd: 0 };

	constructor(private readonly sink: EventSink) {}

	/** Decodes the Event in bytes[start, end); `view` spans the same buffer as `bytes`. Throws WireError if it does not parse. */
	decode(bytes: Uint8Array, view: DataView, start: number, end: number): void {
		const c = this.cursor;
		c.reset(bytes, view, start, end);
		let wallTime = 0;
		let step = 0;
		let summaryStart = -1;
		let summaryEnd = -1;
		let other: string | undefined;
		while (c.pos < end) {
			const key = c.readVarint();
			const field = key >>> 3;
			const wireType = key & 7;
			if (field === eventWallTime && wireType === wireFixed64) {
				wallTime = c.readDouble();
			} else if (field === eventStep && wireType === wireVarint) {
				step = c.readInt64();
			} else if (field === eventSummary && wireType === wireLengthDelimited) {
				summaryEnd = c.readLength();
				summaryStart = c.pos;
				c.pos = summaryEnd;
			} else {
				other = field === eventGraphDef ? 'graph' : field === eventMetaGraphDef ? 'meta graph' : field === eventTaggedRunMetadata ? 'run metadata' : other;
				c.skip(wireType);
			}
		}
		if (summaryStart >= 0) {
			this.decodeSummary(summaryStart, summaryEnd, step, wallTime);
		} else if (other) {
			this.sink.other(other, other);
		}
	}

	private decodeSummary(start: number, end: number, step: number, wallTime: number): void {
		const c = this.cursor;
		c.pos = start;
		c.end = end;
		while (c.pos < end) {
			const key = c.readVarint();
			if (key === ((1 << 3) | wireLengthDelimited)) {
				const valueEnd = c.readLength();
				const next = valueEnd;
				this.decodeValue(c.pos, valueEnd, step, wallTime);
				c.pos = next;
				c.end = end;
			} else {
				c.skip(key & 7);
			}
		}
	}

	private decodeValue(start: number, end: number, step: number, wallTime: number): void {
		const c = this.cursor;
		const v = this.value;
		v.tagStart = v.tagEnd = v.tensorStart = v.tensorEnd = v.pluginStart = v.pluginEnd = 0;
		v.simple = v.legacyKind = undefined;
		let nodeStart = 0;
		let nodeEnd = 0;
		c.end = end;
		c.pos = start;
		while (c.pos < end) {
			const key = c.readVarint();
			const field = key >>> 3;
			const wireType = key & 7;
			if (field === valueSimpleValue && wireType === wireFixed32) {
				v.simple = c.readFloat();
			} else if (wireType !== wireLengthDelimited) {
				c.skip(wireType);
			} else {
				const fieldEnd = c.readLength();
				if (field === valueTag) {
					v.tagStart = c.pos;
					v.tagEnd = fieldEnd;
				} else if (field === valueNodeName) {
					nodeStart = c.pos;
					nodeEnd = fieldEnd;
				} else if (field === valueTensor) {
					v.tensorStart = c.pos;
					v.tensorEnd = fieldEnd;
				} else if (field === valueMetadata) {
					this.findPluginName(c.pos, fieldEnd);
					c.end = end;
				} else {
					v.legacyKind = legacyKinds[field] ?? v.legacyKind;
				}
				c.pos = fieldEnd;
			}
		}
		const bytes = c.bytes;
		const tag = v.tagEnd > v.tagStart ? this.tags.decode(bytes, v.tagStart, v.tagEnd) : this.tags.decode(bytes, nodeStart, nodeEnd);
		if (v.simple !== undefined) {
			this.sink.scalar(tag, step, wallTime, v.simple);
			return;
		}
		if (v.tensorEnd > v.tensorStart) {
			const plugin = v.pluginEnd > v.pluginStart;
			const scalar = !plugin || equalBytes(bytes, v.pluginStart, v.pluginEnd, scalarsPlugin) ? this.tensorScalar(v.tensorStart, v.tensorEnd) : undefined;
			if (scalar !== undefined) {
				this.sink.scalar(tag, step, wallTime, scalar);
			} else {
				this.sink.other(tag, plugin ? decodeString(bytes, v.pluginStart, v.pluginEnd) : 'tensor');
			}
			return;
		}
		if (v.legacyKind) {
			this.sink.other(tag, v.legacyKind);
		} else if (v.pluginEnd > v.pluginStart) {
			// Metadata alone, as the hparams plugin writes its session records.
			this.sink.other(tag, decodeString(bytes, v.pluginStart, v.pluginEnd));
		}
	}

	/** SummaryMetadata.plugin_data (1) .plugin_name (1). */
	private findPluginName(start: number, end: number): void {
		const c = this.cursor;
		c.pos = start;
		c.end = end;
		while (c.pos < end) {
			const key = c.readVarint();
			if (key === ((1 << 3) | wireLengthDelimited)) {
				const dataEnd = c.readLength();
				c.end = dataEnd;
				while (c.pos < dataEnd) {
					const inner = c.readVarint();
					if (inner === ((1 << 3) | wireLengthDelimited)) {
						const nameEnd = c.readLength();
						this.value.pluginStart = c.pos;
						this.value.pluginEnd = nameEnd;
						c.pos = nameEnd;
					} else {
						c.skip(inner & 7);
					}
				}
				c.end = end;
			} else {
				c.skip(key & 7);
			}
		}
	}

	/**
	 * The value of a scalar TensorProto, or undefined when it is not one (a shape with a dimension
	 * of size other than 1, a dtype that is not a number, no value at all).
	 */
	private tensorScalar(start: number, end: number): number | undefined {
		const c = this.cursor;
		c.pos = start;
		c.end = end;
		let dtype = 0;
		let elements = 1;
		let contentStart = -1;
		let contentEnd = -1;
		let listed: number | undefined;
		while (c.pos < end) {
			const key = c.readVarint();
			const field = key >>> 3;
			const wireType = key & 7;
			if (field === 1 && wireType === wireVarint) {
				dtype = c.readVarint();
			} else if (field === 2 && wireType === wireLengthDelimited) {
				const shapeEnd = c.readLength();
				elements = this.shapeElements(shapeEnd);
				c.pos = shapeEnd;
				c.end = end;
			} else if (field === 4 && wireType === wireLengthDelimited) {
				contentEnd = c.readLength();
				contentStart = c.pos;
				c.pos = contentEnd;
			} else if (listed === undefined && (field === 5 || field === 6 || field === 7 || field === 10 || field === 13)) {
				listed = this.firstListed(field, wireType, end);
			} else {
				c.skip(wireType);
			}
		}
		if (elements !== 1) {
			return undefined;
		}
		if (contentStart >= 0) {
			return contentScalar(c.view, dtype, contentStart, contentEnd);
		}
		if (listed === undefined) {
			return undefined;
		}
		return dtype === dtHalf ? halfToNumber(listed) : dtype === dtBfloat16 ? bfloat16ToNumber(listed) : listed;
	}

	/** Product of TensorShapeProto.dim (2) sizes (1); -1 for unknown rank (3). */
	private shapeElements(end: number): number {
		const c = this.cursor;
		c.end = end;
		let elements = 1;
		while (c.pos < end) {
			const key = c.readVarint();
			if (key === ((2 << 3) | wireLengthDelimited)) {
				const dimEnd = c.readLength();
				let size = 0;
				while (c.pos < dimEnd) {
					const inner = c.readVarint();
					if (inner === ((1 << 3) | wireVarint)) {
						size = c.readInt64();
					} else {
						c.skip(inner & 7);
					}
				}
				elements *= size;
			} else if (key === ((3 << 3) | wireVarint)) {
				if (c.readVarint() !== 0) {
					elements = -1;
				}
			} else {
				c.skip(key & 7);
			}
		}
		return elements;
	}

	/** The first of float_val (5), double_val (6), int_val (7), int64_val (10) or half_val (13), packed or not. */
	private firstListed(field: number, wireType: number, end: number): number | undefined {
		const c = this.cursor;
		if (wireType === wireLengthDelimited) {
			const listEnd = c.readLength();
			c.end = listEnd;
			const value = c.pos < listEnd ? this.readListed(field) : undefined;
			c.pos = listEnd;
			c.end = end;
			return value;
		}
		return this.readListed(field);
	}

	private readListed(field: number): number {
		const c = this.cursor;
		switch (field) {
			case 5:
				return c.readFloat();
			case 6:
				return c.readDouble();
			case 10:
				return c.readInt64();
			case 7:
			case 13: {
				// int32 varints carry negative numbers as 64-bit two's complement.
				return c.readInt64();
			}
			default:
				throw new WireError(`field ${field} is not a value list`);
		}
	}
}

function contentScalar(view: DataView, dtype: number, start: number, end: number): number | undefined {
	const length = end - start;
	switch (dtype) {
		case dtFloat:
			return length === 4 ? view.getFloat32(start, true) : undefined;
		case dtDouble:
			return length === 8 ? view.getFloat64(start, true) : undefined;
		case dtHalf:
			return length === 2 ? halfToNumber(view.getUint16(start, true)) : undefined;
		case dtBfloat16:
			return length === 2 ? bfloat16ToNumber(view.getUint16(start, true)) : undefined;
		case dtInt32:
			return length === 4 ? view.getInt32(start, true) : undefined;
		case dtInt64:
			return length === 8 ? Number(view.getBigInt64(start, true)) : undefined;
		default:
			return undefined;
	}
}

/** IEEE 754 binary16 bits to a number. */
export function halfToNumber(bits: number): number {
	const sign = bits & 0x8000 ? -1 : 1;
	const exponent = (bits >>> 10) & 0x1f;
	const fraction = bits & 0x3ff;
	if (exponent === 0) {
		return sign * fraction * 2 ** -24;
	}
	if (exponent === 0x1f) {
		return fraction ? NaN : sign * Infinity;
	}
	return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bfloatView = new DataView(new ArrayBuffer(4));

/** bfloat16 is the top half of a float32. */
function bfloat16ToNumber(bits: number): number {
	bfloatView.setUint32(0, (bits & 0xffff) << 16);
	return bfloatView.getFloat32(0);
}

function equalBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
	if (end - start !== expected.length) {
		return false;
	}
	for (let i = 0; i < expected.length; i++) {
		if (bytes[start + i] !== expected[i]) {
			return false;
		}
	}
	return true;
}

/**
 * The tags seen last, so that an event's tag bytes are compared with a few known ones instead of
 * building a new string each time: a file repeats a handful of tags millions of times.
 */
class RecentTags {
	private readonly bytes: Uint8Array[] = [];
	private readonly strings: string[] = [];
	private next = 0;

	decode(source: Uint8Array, start: number, end: number): string {
		const length = end - start;
		for (let i = 0; i < this.bytes.length; i++) {
			const known = this.bytes[i];
			if (known.length === length && sameBytes(source, start, known)) {
				return this.strings[i];
			}
		}
		const text = decodeString(source, start, end);
		if (length <= 256) {
			// Replaces the oldest of at most 16, so a file with many tags costs a bounded scan.
			this.bytes[this.next] = source.slice(start, end);
			this.strings[this.next] = text;
			this.next = (this.next + 1) % 16;
		}
		return text;
	}
}

function sameBytes(source: Uint8Array, start: number, known: Uint8Array): boolean {
	for (let i = 0; i < known.length; i++) {
		if (source[start + i] !== known[i]) {
			return false;
		}
	}
	return true;
}
