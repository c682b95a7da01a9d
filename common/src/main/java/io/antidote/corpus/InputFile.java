package io.antidote.corpus;

/**
 * One file of the input corpus as listed before the run: recorded in run.json with its checksum.
 */
public record InputFile(String path, long length, long modificationTime) {}
