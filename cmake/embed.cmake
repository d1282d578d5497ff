# embed.cmake - turns a file into a C array at build time:
#   cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# gives "const char NAME[] = {...,0}; const size_t NAME_len = N;".
# Used for the built-in taxonomy and its RelaxNG grammar (schemas/).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n2)
math(EXPR n "${n2} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE "${OUT}" "/* generated from ${IN} by cmake/embed.cmake: do not edit */\n#include <stddef.h>\nconst char ${NAME}[] = {\n${body}0};\nconst size_t ${NAME}_len = ${n};\n")
