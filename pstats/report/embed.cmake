# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# Writes the bytes of IN as a C array (NAME, NAME_len) into OUT.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}" "/* generated from ${IN} by embed.cmake */\n#include <stddef.h>\n"
  "const unsigned char ${NAME}[] = {\n${bytes}0};\nconst size_t ${NAME}_len = ${len};\n")
