#!/bin/sh
# deps.sh - installs the Debian packages given as arguments when any is
# missing: with apt-get when running as root, otherwise prints the command.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -eu
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "almos-rv: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "almos-rv: run as root:  apt-get update && apt-get install -y$missing"
    exit 1
fi
