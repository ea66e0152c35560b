#!/usr/bin/env python3
"""mkbadelf.py GOOD_ELF OUTDIR - malformed copies of a good static ELF64
RISC-V executable, for the exec tests (each must fail with ENOEXEC or
EINVAL, never crash the kernel):

  trunc_hdr      the first 32 bytes only (shorter than the ELF header)
  trunc_phdr     the ELF header and half of the program header table
  trunc_half     the first half of the file (a PT_LOAD beyond the end)
  bad_magic      "\\x7fELF" changed to "\\x7fELG"
  bad_class      ELFCLASS32 instead of ELFCLASS64
  bad_machine    e_machine = EM_X86_64 (62) instead of EM_RISCV (243)
  bad_type       e_type = ET_REL instead of ET_EXEC
  seg_beyond     the writable PT_LOAD's p_offset moved past the end of file
  huge_filesz    the executable PT_LOAD's p_filesz > p_memsz, huge
  bad_phnum      e_phnum = 0xffff (program headers beyond the file)
  empty          an empty file
  text_file      a shell-script-like text file without '#!' support
  seg_same_page  the writable PT_LOAD moved into the last page of the code
                 (no byte in common, one page shared)
  seg_in_utils   the writable PT_LOAD moved into the argument pages (UTILS)
  seg_at_zero    the executable PT_LOAD (and the entry) moved to address 0
"""
import os
import struct
import sys


def main():
    good, out = sys.argv[1], sys.argv[2]
    data = bytearray(open(good, 'rb').read())
    assert data[:4] == b'\x7fELF' and data[4] == 2, 'not an ELF64 file'
    e_phoff, = struct.unpack_from('<Q', data, 0x20)
    e_phentsize, e_phnum = struct.unpack_from('<HH', data, 0x36)
    os.makedirs(out, exist_ok=True)

    def put(name, blob):
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes(blob))

    def phdrs():
        for i in range(e_phnum):
            off = e_phoff + i * e_phentsize
            p_type, p_flags = struct.unpack_from('<II', data, off)
            yield off, p_type, p_flags

    put('trunc_hdr', data[:32])
    put('trunc_phdr', data[:e_phoff + (e_phnum * e_phentsize) // 2])
    put('trunc_half', data[:len(data) // 2])

    d = bytearray(data); d[3] = ord('G'); put('bad_magic', d)
    d = bytearray(data); d[4] = 1; put('bad_class', d)
    d = bytearray(data); struct.pack_into('<H', d, 0x12, 62); put('bad_machine', d)
    d = bytearray(data); struct.pack_into('<H', d, 0x10, 1); put('bad_type', d)

    d = bytearray(data)
    done = False
    for off, p_type, p_flags in phdrs():
        if p_type == 1 and p_flags & 2:          # writable PT_LOAD
            struct.pack_into('<Q', d, off + 8, len(data) + 0x10000)
            done = True
    assert done, 'no writable PT_LOAD'
    put('seg_beyond', d)

    d = bytearray(data)
    for off, p_type, p_flags in phdrs():
        if p_type == 1 and p_flags & 1:          # executable PT_LOAD
            struct.pack_into('<Q', d, off + 32, 1 << 40)   # p_filesz
            struct.pack_into('<Q', d, off + 40, 1 << 40)   # p_memsz
    put('huge_filesz', d)

    d = bytearray(data); struct.pack_into('<H', d, 0x38, 0xffff); put('bad_phnum', d)
    put('empty', b'')

    # segment placement: (offset, vaddr, filesz, memsz) of each PT_LOAD
    def load(p_flags_bit):
        for off, p_type, p_flags in phdrs():
            if p_type == 1 and p_flags & p_flags_bit:
                return off, struct.unpack_from('<QQQQQ', data, off + 8)
        raise AssertionError('no such PT_LOAD')
    code_off, (c_offset, c_vaddr, _, c_filesz, c_memsz) = load(1)
    data_off, (d_offset, d_vaddr, _, d_filesz, d_memsz) = load(2)

    d = bytearray(data)
    code_end = c_vaddr + c_memsz
    assert code_end & 0xfff, 'code ends on a page boundary'
    v = (code_end + 0xff) & ~0xff          # past the code, same page
    struct.pack_into('<QQQ', d, data_off + 8, v - c_vaddr + c_offset, v, v)
    put('seg_same_page', d)

    d = bytearray(data)
    v = 0x2000 + (d_offset & 0xfff)
    struct.pack_into('<QQQ', d, data_off + 8, d_offset, v, v)
    put('seg_in_utils', d)

    d = bytearray(data)
    e_entry, = struct.unpack_from('<Q', data, 0x18)
    struct.pack_into('<Q', d, 0x18, e_entry - c_vaddr)
    struct.pack_into('<QQQ', d, code_off + 8, c_offset, 0, 0)
    put('seg_at_zero', d)
    put('text_file', b'echo this is not an executable\n')


if __name__ == '__main__':
    main()
