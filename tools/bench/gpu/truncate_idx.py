"""Writes the first N examples of Fashion-MNIST's training IDX files (images and labels), gzipped,
with the count in their headers set to N: a smaller but valid training set for the packed GPU kit.
Usage: python3 truncate_idx.py SRC_DIR DEST_DIR N
"""
import gzip
import struct
import sys

src, dest, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item_bytes in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    data = gzip.open(f"{src}/{name}").read()
    dims = data[3]
    header = 4 + 4 * dims
    total = struct.unpack(">I", data[4:8])[0]
    if count > total:
        sys.exit(f"truncate_idx.py: {name} has {total} examples, fewer than {count}")
    body = data[header : header + count * item_bytes]
    with gzip.open(f"{dest}/{name}", "wb", compresslevel=9) as out:
        out.write(data[:4] + struct.pack(">I", count) + data[8:header] + body)
