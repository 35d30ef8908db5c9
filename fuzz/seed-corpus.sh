#!/usr/bin/env sh
# Seeds the fuzz corpora from the repository's collections and test fixtures.
# corpus/ is gitignored: rerun this after a fresh clone. Extra seeds (for
# example a local collection corpus) can be passed as directories:
#   ./seed-corpus.sh [EXTRA_DIR...]
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/pipeline corpus/structured
for file in ../collections/*.json ../tests/collections/*.json $(find ../generator/tests/fixtures -name '*.json'); do
    cp "$file" "corpus/pipeline/$(basename "$file")"
done
for dir in "$@"; do
    find "$dir" -name '*.json' -size -64k -exec cp {} corpus/pipeline/ \;
done
# The structured target decodes bytes into a collection model: random bytes
# of a few KiB make collections with a handful to dozens of items.
i=0
while [ "$i" -lt 64 ]; do
    head -c "$((512 + i * 120))" /dev/urandom > "corpus/structured/random-$i"
    i=$((i + 1))
done
echo "corpus/pipeline: $(ls corpus/pipeline | wc -l) seeds, corpus/structured: $(ls corpus/structured | wc -l) seeds"
