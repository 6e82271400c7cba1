SELECT /*!40001 1 */, @@x, 0b1, _utf8'x' # c
