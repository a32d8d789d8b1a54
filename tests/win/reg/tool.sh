#!/bin/sh
# tests/win/reg/tool.sh NTIO - `ntio reg` as reg.exe: add every value type,
# query (exact output), prompts answered from standard input, errors and
# exit statuses, export (exact .reg text, UTF-16LE with BOM), delete and
# import back (byte-identical export after the round trip), UTF-8 and
# REGEDIT4 imports with [-KEY] and "name"=-.
# Runs in the prefix $NTIO_PREFIX (a fresh one per test under ctest).
NTIO=${1:?usage: tool.sh NTIO}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ntio-reg-tool.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0
KEY='HKCU\Software\ntio-tool'
FULL='HKEY_CURRENT_USER\Software\ntio-tool'

fail() {
    printf 'FAIL: %s\n' "$*"
    failures=$((failures + 1))
}

# run STATUS ARGS...: ntio reg ARGS with no input; output in $TMP/out.
run() {
    expected=$1
    shift
    checks=$((checks + 1))
    "$NTIO" reg "$@" >"$TMP/out" 2>&1 </dev/null
    status=$?
    if [ "$status" -ne "$expected" ]; then
        fail "ntio reg $* exited $status, expected $expected:"
        cat "$TMP/out"
    fi
}

# answer TEXT STATUS ARGS...: the same with TEXT on standard input.
answer() {
    text=$1
    expected=$2
    shift 2
    checks=$((checks + 1))
    printf '%s\n' "$text" | "$NTIO" reg "$@" >"$TMP/out" 2>&1
    status=$?
    if [ "$status" -ne "$expected" ]; then
        fail "ntio reg $* (answer $text) exited $status, expected $expected:"
        cat "$TMP/out"
    fi
}

# same EXPECTED-FILE: $TMP/out must be exactly that.
same() {
    checks=$((checks + 1))
    if ! cmp -s "$1" "$TMP/out"; then
        fail "output differs from the expected $1:"
        diff "$1" "$TMP/out" | head -40
    fi
}

# has TEXT: $TMP/out contains the line TEXT.
has() {
    checks=$((checks + 1))
    if ! grep -qxF -- "$1" "$TMP/out"; then
        fail "no line '$1' in:"
        cat "$TMP/out"
    fi
}

OK='The operation completed successfully.'
NOTFOUND='ERROR: The system was unable to find the specified registry key or value.'
CANCELED='The operation was canceled by the user.'

# ---- help and syntax ---------------------------------------------------------
run 0 --help
has 'usage: ntio reg OPERATION [ARGS]'
for op in query add delete export import; do
    run 0 "$op" --help
    grep -q "^usage: ntio reg $op" "$TMP/out" || fail "ntio reg $op --help"
done
run 1
has 'ERROR: Invalid syntax.'
run 1 frobnicate
run 1 query
has 'ERROR: Invalid syntax.'
run 1 query "$KEY" /v
run 1 query "$KEY" /v a /ve
run 1 query 'HKXX\Software'
has 'ERROR: Invalid key name.'
run 1 add 'HKLM'
has 'ERROR: Invalid key name.'

# ---- add ------------------------------------------------------------------------
run 0 add "$KEY"
has "$OK"
run 0 add "$KEY" /v sz /d 'hello world' /f
has "$OK"
run 0 add "$KEY" /v empty /d '' /f
run 0 add "$KEY" /v exp /t REG_EXPAND_SZ /d '%SystemRoot%\x' /f
run 0 add "$KEY" /v multi /t REG_MULTI_SZ /d 'a\0b\0c' /f
run 0 add "$KEY" /v multisep /t reg_multi_sz /s , /d 'x,y' /f
run 0 add "$KEY" /v dw /t REG_DWORD /d 0x1234abcd /f
run 0 add "$KEY" /v dwdec /t REG_DWORD /d 42 /f
run 0 add "$KEY" /v qw /t REG_QWORD /d 0x123456789abcdef0 /f
run 0 add "$KEY" /v bin /t REG_BINARY /d 0102abFF /f
run 0 add "$KEY" /v none /t REG_NONE /f
run 0 add "$KEY" /ve /d 'the default' /f
run 0 add "$KEY" /v 'quo"te' /d 'C:\dir\"x"' /f
run 0 add "$KEY" /v 'naïve' /d '日本語' /f
run 0 add "$KEY\sub\deeper" /v inner /t REG_DWORD /d 7 /f
# bad data and types
run 1 add "$KEY" /v bad /t REG_DWORD /d xyz /f
has 'ERROR: Invalid syntax.'
run 1 add "$KEY" /v bad /t REG_DWORD /d 0x100000000 /f
run 1 add "$KEY" /v bad /t REG_DWORD /d -1 /f
run 1 add "$KEY" /v bad /t REG_QWORD /d 18446744073709551616 /f
run 1 add "$KEY" /v bad /t REG_BINARY /d 0g /f
run 1 add "$KEY" /v bad /t REG_FOO /d 1 /f
run 1 add "$KEY" /v bad /t REG_MULTI_SZ /d 'a\0\0b' /f
run 1 add "$KEY" /v bad /t REG_SZ /s , /d 'a' /f
run 1 add "$KEY" /v bad /t REG_MULTI_SZ /s ab /d 'a' /f
run 1 query "$KEY" /v bad
has "$NOTFOUND"

# ---- query ----------------------------------------------------------------------
run 0 query "$KEY" /v sz
printf '\n%s\n    sz    REG_SZ    hello world\n\n' "$FULL" >"$TMP/expect"
same "$TMP/expect"
run 0 query "$KEY" /ve
printf '\n%s\n    (Default)    REG_SZ    the default\n\n' "$FULL" >"$TMP/expect"
same "$TMP/expect"
run 0 query "$KEY\sub" /ve
printf '\n%s\\sub\n    (Default)    REG_SZ    (value not set)\n' "$FULL" >"$TMP/expect"
same "$TMP/expect"
run 0 query "$KEY"
cat >"$TMP/expect" <<EOF

$FULL
    sz    REG_SZ    hello world
    empty    REG_SZ    
    exp    REG_EXPAND_SZ    %SystemRoot%\\x
    multi    REG_MULTI_SZ    a\\0b\\0c
    multisep    REG_MULTI_SZ    x\\0y
    dw    REG_DWORD    0x1234abcd
    dwdec    REG_DWORD    0x2a
    qw    REG_QWORD    0x123456789abcdef0
    bin    REG_BINARY    0102ABFF
    none    REG_NONE    0000
    (Default)    REG_SZ    the default
    quo"te    REG_SZ    C:\\dir\\"x"
    naïve    REG_SZ    日本語

$FULL\\sub
EOF
same "$TMP/expect"
run 0 query "$KEY\sub" /s
cat >"$TMP/expect" <<EOF

$FULL\\sub\\deeper
    inner    REG_DWORD    0x7

EOF
same "$TMP/expect"
run 0 query hkey_current_user\\software\\ntio-tool\\ /v DW
printf '\nHKEY_CURRENT_USER\\software\\ntio-tool\n    DW    REG_DWORD    0x1234abcd\n\n' >"$TMP/expect"
same "$TMP/expect"
run 0 query "$KEY" /v inner /s
cat >"$TMP/expect" <<EOF

$FULL\\sub\\deeper
    inner    REG_DWORD    0x7

End of search: 1 match(es) found.
EOF
same "$TMP/expect"
run 0 query "$KEY" /v nowhere /s
has 'End of search: 0 match(es) found.'
run 1 query "$KEY\missing"
has "$NOTFOUND"
run 1 query "$KEY" /v missing
has "$NOTFOUND"

# ---- prompts: the answer comes from standard input -------------------------------
answer n 0 add "$KEY" /v sz /d changed
has "Value sz exists, overwrite (Yes/No)? n"
has "$CANCELED"
run 0 query "$KEY" /v sz
has '    sz    REG_SZ    hello world'
answer y 0 add "$KEY" /v sz /d changed
has "$OK"
run 0 query "$KEY" /v sz
has '    sz    REG_SZ    changed'
run 0 add "$KEY" /v sz /d 'hello world' /f
answer maybe 0 delete "$KEY" /v empty
has "$CANCELED"
answer YES 0 delete "$KEY" /v empty
has "$OK"
run 1 query "$KEY" /v empty
run 0 delete "$KEY\sub"
has "$CANCELED"
run 0 query "$KEY\sub\deeper"

# ---- delete errors -----------------------------------------------------------------
run 1 delete "$KEY" /v missing /f
has "$NOTFOUND"
run 1 delete "$KEY\missing" /f
has "$NOTFOUND"
run 1 delete 'HKCU' /f
has 'ERROR: Invalid key name.'
run 1 delete "$KEY" /v a /va /f
has 'ERROR: Invalid syntax.'

# ---- export: the exact text -----------------------------------------------------------
F='HKCU\Software\ntio-tool-fmt'
run 0 add "$F" /ve /d default /f
run 0 add "$F" /v sz /d 'a "quoted" C:\path' /f
run 0 add "$F" /v dw /t REG_DWORD /d 42 /f
run 0 add "$F" /v qw /t REG_QWORD /d 0x123456789abcdef0 /f
run 0 add "$F" /v exp /t REG_EXPAND_SZ /d '%A%' /f
run 0 add "$F" /v multi /t REG_MULTI_SZ /d 'a\0b' /f
run 0 add "$F" /v bin /t REG_BINARY /d 0102abff /f
run 0 add "$F" /v emptybin /t REG_BINARY /f
run 0 add "$F" /v long /t REG_BINARY /d 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627 /f
run 0 add "$F\child" /v c /d 1 /f
run 0 export "$F" "$TMP/fmt.reg"
has "$OK"
checks=$((checks + 1))
[ "$(od -An -tx1 -N2 "$TMP/fmt.reg" | tr -d ' ')" = fffe ] || fail "export: no UTF-16LE byte-order mark"
iconv -f UTF-16 -t UTF-8 "$TMP/fmt.reg" >"$TMP/out" || fail "export: not UTF-16"
printf '%s\r\n' \
    'Windows Registry Editor Version 5.00' \
    '' \
    '[HKEY_CURRENT_USER\Software\ntio-tool-fmt]' \
    '@="default"' \
    '"sz"="a \"quoted\" C:\\path"' \
    '"dw"=dword:0000002a' \
    '"qw"=hex(b):f0,de,bc,9a,78,56,34,12' \
    '"exp"=hex(2):25,00,41,00,25,00,00,00' \
    '"multi"=hex(7):61,00,00,00,62,00,00,00,00,00' \
    '"bin"=hex:01,02,ab,ff' \
    '"emptybin"=hex:' \
    '"long"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,\' \
    '  16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27' \
    '' \
    '[HKEY_CURRENT_USER\Software\ntio-tool-fmt\child]' \
    '"c"="1"' \
    '' >"$TMP/expect"
same "$TMP/expect"
# An existing file: overwritten only when allowed.
answer no 0 export "$F" "$TMP/fmt.reg"
has "$CANCELED"
run 0 export "$F" "$TMP/fmt.reg" /y
run 1 export "$F\missing" "$TMP/missing.reg" /y
has "$NOTFOUND"
run 1 export "$F" "$TMP/no/such/dir/x.reg" /y
has 'ERROR: Error opening the file. There may be a disk or file system error.'
run 1 export "$F"

# ---- round trip: export, delete, import, export again -------------------------------
run 0 add "$KEY" /v odd /t REG_BINARY /d 0 /f
# Values only a .reg file makes: strings without their terminator (even and
# odd sizes), a short REG_DWORD, a type of its own.
printf '%s\r\n' 'Windows Registry Editor Version 5.00' '' '[HKEY_CURRENT_USER\Software\ntio-tool]' \
    '"unterminated"=hex(1):61,00,62,00' '"oddsz"=hex(1):61,00,62' '"expopen"=hex(2):25,00,41,00' \
    '"multiopen"=hex(7):61,00,00,00,62,00' '"shortdw"=hex(4):01,02' '"own"=hex(12345):ff' \
    '"crlf"=hex(1):61,00,0d,00,0a,00,62,00,00,00' '"inner0"=hex(1):61,00,00,00,62,00,00,00' >"$TMP/odd.reg"
run 0 import "$TMP/odd.reg"
run 0 query "$KEY" /v unterminated
has '    unterminated    REG_SZ    ab'
run 0 export "$KEY" "$TMP/before.reg"
"$NTIO" reg query "$KEY" /s >"$TMP/query-before" 2>&1
run 0 delete "$KEY" /f
has "$OK"
run 1 query "$KEY"
run 0 import "$TMP/before.reg"
has "$OK"
run 0 export "$KEY" "$TMP/after.reg"
checks=$((checks + 1))
cmp -s "$TMP/before.reg" "$TMP/after.reg" || fail "round trip: the export after import differs"
iconv -f UTF-16 -t UTF-8 "$TMP/after.reg" >"$TMP/out"
for line in '"unterminated"=hex(1):61,00,62,00' '"oddsz"=hex(1):61,00,62' \
    '"expopen"=hex(2):25,00,41,00' '"multiopen"=hex(7):61,00,00,00,62,00' '"shortdw"=hex(4):01,02' \
    '"own"=hex(12345):ff' '"crlf"=hex(1):61,00,0d,00,0a,00,62,00,00,00' \
    '"inner0"=hex(1):61,00,00,00,62,00,00,00' '"odd"=hex:00' '"none"=hex(0):00,00' \
    '"quo\"te"="C:\\dir\\\"x\""'; do
    has "$line$(printf '\r')"
done
"$NTIO" reg query "$KEY" /s >"$TMP/out" 2>&1
same "$TMP/query-before"

# ---- imports: UTF-8, REGEDIT4, deletions, continuation lines, comments -----------------
cat >"$TMP/utf8.reg" <<'EOF'
Windows Registry Editor Version 5.00

; a comment
[HKEY_CURRENT_USER\Software\ntio-tool\imported]
"text"="line with \"quotes\" and \\ backslash"
"dw"=dword:000000ff
"bin" = hex:de,ad,\
  be,ef
"multi"=hex(7):78,00,00,00,79,00,00,00,00,00
@="dflt"

[HKEY_CURRENT_USER\Software\ntio-tool\imported\gone]
"x"="y"

[-HKEY_CURRENT_USER\Software\ntio-tool\imported\gone]

[HKCU\Software\ntio-tool]
"sz"=-
EOF
run 0 import "$TMP/utf8.reg"
has "$OK"
run 0 query "$KEY\imported"
cat >"$TMP/expect" <<EOF

$FULL\\imported
    text    REG_SZ    line with "quotes" and \\ backslash
    dw    REG_DWORD    0xff
    bin    REG_BINARY    DEADBEEF
    multi    REG_MULTI_SZ    x\\0y
    (Default)    REG_SZ    dflt

EOF
same "$TMP/expect"
run 1 query "$KEY\imported\gone"
run 1 query "$KEY" /v sz
printf 'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\ntio-tool\\r4]\r\n"exp"=hex(2):25,41,25,00\r\n"s"="ansi"\r\n' >"$TMP/r4.reg"
run 0 import "$TMP/r4.reg"
run 0 query "$KEY\r4"
cat >"$TMP/expect" <<EOF

$FULL\\r4
    exp    REG_EXPAND_SZ    %A%
    s    REG_SZ    ansi

EOF
same "$TMP/expect"
# A UTF-16LE file without trailing blank line, CRLF, BOM.
printf 'Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\Software\\ntio-tool\\u16]\r\n"w"="\303\251"' |
    iconv -f UTF-8 -t UTF-16LE >"$TMP/u16.body"
printf '\377\376' | cat - "$TMP/u16.body" >"$TMP/u16.reg"
run 0 import "$TMP/u16.reg"
run 0 query "$KEY\u16" /v w
has '    w    REG_SZ    é'

# import errors
run 1 import "$TMP/does-not-exist.reg"
has 'ERROR: Error opening the file. There may be a disk or file system error.'
printf 'hello\n' >"$TMP/not.reg"
run 1 import "$TMP/not.reg"
has "ERROR: $TMP/not.reg is not a registry script."
printf 'Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\ntio-tool\\partial]\n"ok"="1"\n"bad"=dword:xyz\ngarbage\n"ok2"="2"\n' >"$TMP/bad.reg"
run 1 import "$TMP/bad.reg"
has "ERROR: $TMP/bad.reg, line 5: invalid dword data"
has "ERROR: $TMP/bad.reg, line 6: not a key, a value or a comment"
has 'ERROR: Error accessing the registry.'
run 0 query "$KEY\partial" /v ok2
run 1 import
run 1 import a b

# ---- delete: /va, /ve, the whole tree ----------------------------------------------------
run 0 delete "$KEY" /va /f
run 0 query "$KEY"
printf '\n%s\\imported\n%s\\partial\n%s\\r4\n%s\\sub\n%s\\u16\n' "$FULL" "$FULL" "$FULL" "$FULL" "$FULL" >"$TMP/expect"
same "$TMP/expect"
run 1 delete "$KEY" /ve /f
has "$NOTFOUND"
run 0 delete "$KEY" /f
run 0 delete "$F" /f
run 1 query "$KEY"

echo "tool.sh: $checks checks, $failures failed"
[ "$failures" -eq 0 ] && echo "tool.sh: all passed"
[ "$failures" -eq 0 ]
