// flash_twin.h -- a cycle-based model of the ULX3S SPI NOR flash for the
// Verilator harness of the board top: 0xFF everywhere but the boot image
// file, which sits at IMAGE_OFFSET (where `make flash` writes it).  The
// event-driven twin (setup/hold, tV/tHO) is fpga/tests/board/
// spi_flash_model.v (Icarus).
//
// Clocking: the harness calls step(n, sck, csn, mosi) after each rising
// edge n of the core clock (the loader's SPI pins come from flip-flops of
// that clock), and puts miso() on the pin for the next edges.  SPI mode 0:
// MOSI is taken when SCK rises; MISO changes when SCK falls (the loader
// samples it in the middle of the high half).
//
// Commands: 0xAB release from deep power-down (the flash starts powered
// down), 0x03 READ (24-bit address, auto-increment), 0x0B FAST READ (8
// dummy clocks), 0x05 READ STATUS (0).  Checks ("FLASH-TWIN ERROR [rule]"):
//   cmd    an unknown opcode, or a command other than 0xAB while powered down
//   tRES1  no command until tRES1 after the 0xAB ends (CS high)
//   tSHSL  CS high for at least tSHSL between commands
//   fsck   SCK period >= 1 / fREAD (0x03) or 1 / fMAX, in cycles of the clock
#pragma once
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <vector>

class FlashTwin {
public:
    double tck_ns;
    double tres1_ns = 3000, tshsl_ns = 30, fread_mhz = 50, fmax_mhz = 104;
    uint32_t image_offset;
    unsigned long errors = 0;
    uint64_t bytes_read = 0;

    FlashTwin(double tck, uint32_t offset, std::vector<uint8_t> image)
        : tck_ns(tck), image_offset(offset), img(std::move(image)) {}

    bool miso() const { return miso_q; }

    void step(uint64_t n, bool sck, bool csn, bool mosi)
    {
        now = n;
        if (csn) {
            if (!csn_q) {                                  // CS rises: the command ends
                cs_rise = n;
                if (opcode == 0xAB && nbits >= 8) { powered_down = false; res1_end = n; has_res1 = true; }
                active = false;
            }
            csn_q = true;
            sck_q = sck;
            return;
        }
        if (csn_q) {                                       // CS falls: a command starts
            if (has_cs_rise && (n - cs_rise) * tck_ns + 1e-9 < tshsl_ns)
                err("tSHSL", "CS high %.0f ns (tSHSL %.0f ns)", (n - cs_rise) * tck_ns, tshsl_ns);
            if (has_res1 && (n - res1_end) * tck_ns + 1e-9 < tres1_ns)
                err("tRES1", "command %.0f ns after the release from deep power-down (tRES1 %.0f ns)",
                    (n - res1_end) * tck_ns, tres1_ns);
            has_cs_rise = true;
            active = true;
            nbits = 0; opcode = 0; addr = 0; shift_in = 0; out_bits = 0; out_byte = 0xFF;
            has_rise = false;
            csn_q = false;
        }
        if (sck && !sck_q) {                               // rising edge: take MOSI
            if (has_rise) {
                double per = (n - last_rise) * tck_ns, fmax = opcode == 0x03 ? fread_mhz : fmax_mhz;
                if (per + 1e-9 < 1000.0 / fmax) err("fsck", "SCK period %.1f ns (> %.0f MHz)", per, fmax);
            }
            has_rise = true;
            last_rise = n;
            rising(mosi);
        } else if (!sck && sck_q) {                        // falling edge: next MISO bit
            falling();
        }
        sck_q = sck;
    }

private:
    std::vector<uint8_t> img;
    bool csn_q = true, sck_q = false, miso_q = true, active = false, powered_down = true;
    bool has_cs_rise = false, has_res1 = false, has_rise = false;
    uint64_t now = 0, cs_rise = 0, res1_end = 0, last_rise = 0;
    unsigned nbits = 0, opcode = 0, shift_in = 0, out_bits = 0;
    uint32_t addr = 0;
    uint8_t out_byte = 0xFF;

    uint8_t byte_at(uint32_t a) const
    {
        a &= 0xFFFFFF;
        if (a >= image_offset && a - image_offset < img.size()) return img[a - image_offset];
        return 0xFF;
    }
    // bits before the data: opcode 8, then 24 address bits (0x03, 0x0B), 8 dummy (0x0B)
    unsigned header_bits() const
    {
        return opcode == 0x03 ? 32 : opcode == 0x0B ? 40 : 8;
    }

    void rising(bool mosi)
    {
        nbits++;
        if (nbits <= 8) {
            opcode = (opcode << 1) | mosi;
            if (nbits == 8) {
                if (powered_down && opcode != 0xAB) err("cmd", "opcode 0x%02X while in deep power-down", opcode);
                else if (opcode != 0xAB && opcode != 0x03 && opcode != 0x0B && opcode != 0x05)
                    err("cmd", "unknown opcode 0x%02X", opcode);
            }
        } else if (nbits <= 32 && (opcode == 0x03 || opcode == 0x0B)) {
            addr = (addr << 1) | mosi;
        }
    }

    void falling()
    {
        if (!active || nbits < header_bits()) return;
        if (out_bits == 0) {                               // a new byte starts
            if (opcode == 0x05) out_byte = 0x00;
            else if (opcode == 0x03 || opcode == 0x0B) { out_byte = byte_at(addr); addr++; bytes_read++; }
            else out_byte = 0xFF;
        }
        miso_q = (out_byte >> (7 - out_bits)) & 1;
        out_bits = (out_bits + 1) & 7;
    }

    void err(const char *rule, const char *fmt, ...) __attribute__((format(printf, 3, 4)))
    {
        errors++;
        if (errors > 10) return;
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "FLASH-TWIN ERROR [%s] cycle %llu: ", rule, (unsigned long long)now);
        vfprintf(stderr, fmt, ap);
        fprintf(stderr, "\n");
        va_end(ap);
    }
};
