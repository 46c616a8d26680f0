/**
 * The most bytes one ranged log read asks for. A finished job's log can be gigabytes; reading it in
 * chunks keeps the extension host's memory bounded, and the stream's drain loop reads on until a
 * read brings nothing.
 */
export const maxReadBytes = 4 * 1024 * 1024;
