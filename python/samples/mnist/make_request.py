"""Writes sample-request.json: the first validation images of a data folder, as score.py takes them.

    python make_request.py [--data-folder DIR] [--count 3] [--out sample-request.json]

Each image is 28 rows of 28 pixels scaled to 0..1 (four decimals). The shipped file
holds the first three images of the synthetic set (data/, generated when missing);
point --data-folder at the real MNIST files for real handwriting.
"""

import argparse
import os

import generate_data
import idx_format

HERE = os.path.dirname(os.path.abspath(__file__))


def request_text(images):
    """{"data": [...]} with one row of pixels per line, so the file reads as the digits it holds."""
    def row(pixels):
        return "[" + ", ".join(("%.4f" % pixel).rstrip("0").rstrip(".") for pixel in pixels) + "]"

    images_text = ["    [\n" + ",\n".join("      " + row(line) for line in image) + "\n    ]" for image in images]
    return '{\n  "data": [\n' + ",\n".join(images_text) + "\n  ]\n}\n"


def first_validation_images(folder, count):
    """The first ``count`` test images of ``folder``, pixels 0..1, and their labels."""
    images = idx_format.read_images(os.path.join(folder, idx_format.TEST_IMAGES))[:count]
    labels = idx_format.read_labels(os.path.join(folder, idx_format.TEST_LABELS))[:count]
    return images / 255.0, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-folder", default=None, help="folder with the MNIST .gz files (default: data/)")
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(HERE, "sample-request.json"))
    args = parser.parse_args()
    folder = args.data_folder or generate_data.DEFAULT_FOLDER
    generate_data.ensure(folder, explicit=args.data_folder is not None)
    images, labels = first_validation_images(folder, args.count)
    with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(request_text(images))
    print("wrote %s: digits %s" % (args.out, ", ".join(str(label) for label in labels)))


if __name__ == "__main__":
    main()
