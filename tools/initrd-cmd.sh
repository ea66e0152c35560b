#!/bin/sh
# initrd-cmd.sh - a copy of an initrd with /etc/cmd holding a shell command
# line: init runs it with "sh -c", then powers the machine off with its
# exit status (make run CMD='...').
#
#   initrd-cmd.sh BASE.cpio OUT.cpio      (the command line in $CMD)
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -eu
base=$1 out=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd "$dir" && cpio -idm --quiet < "$OLDPWD/$base")
mkdir -p "$dir/etc"
printf '%s\n' "$CMD" > "$dir/etc/cmd"
(cd "$dir" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out"
