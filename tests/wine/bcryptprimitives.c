/*
 * A stand-in for Windows' bcryptprimitives.dll, for running rbpub.exe under
 * Debian 12's Wine 8 only (scripts/cross): Rust's standard library (1.78 on)
 * takes its random numbers from ProcessPrng there, which every Windows 10 and
 * 11 has and Wine added only in 9.x. This one asks advapi32's RtlGenRandom
 * (SystemFunction036), which Wine has. It is never shipped: real Windows has
 * the real one.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
