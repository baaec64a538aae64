#!/usr/bin/env bash
# Builds cas-ferretdb into $1: FerretDB v1.24.2 (from the Go module proxy, checksummed by go.sum) vendored
# into a scratch copy, with the patches in patches/ applied (each file says what it fixes and why), then
# built from the vendored sources. Nothing here is committed but main.go, go.mod, go.sum and the patches.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/main.go" "$here/go.mod" "$here/go.sum" "$work/"
cd "$work"
go mod vendor
for p in "$here"/patches/*.patch; do
  patch --forward --silent -p1 -d vendor/github.com/FerretDB/FerretDB < "$p"
done
# -trimpath: the scratch directory changes every time; without it no compiled package would come from the build cache.
go build -mod=vendor -trimpath -o "$out" .
