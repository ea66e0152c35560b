# platform.mk - host unit tests of the device-tree reader and the
# boot_info builder (cmocka, ASan), included by the top-level Makefile.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

PLAT_OUT    := build/platform
PLAT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined -iquote platform -iquote kernel \
               -DDTB_DIR='"tests/platform/dtb"'
PLAT_SRCS   := platform/fdt.c platform/boot_info.c tests/platform/test_boot_info.c

.PHONY: platform-test
platform-test: $(PLAT_OUT)/test_boot_info
	@$(PLAT_OUT)/test_boot_info 2>&1 | tee $(PLAT_OUT)/result.txt; \
	 p=$$(grep -c '^\[       OK \]' $(PLAT_OUT)/result.txt); \
	 t=$$(grep -c '^\[ RUN      \]' $(PLAT_OUT)/result.txt); \
	 f=$$((t - p)); echo "platform: $$p passed, $$f failed"; [ $$f = 0 ]

$(PLAT_OUT)/test_boot_info: $(PLAT_SRCS) platform/fdt.h platform/boot_info.h
	@mkdir -p $(PLAT_OUT)
	@echo "  HOSTCC  $@"
	@gcc $(PLAT_CFLAGS) -o $@ $(PLAT_SRCS) -lcmocka
