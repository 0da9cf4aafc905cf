       01  R.
           05  N PIC 9(2).
           05  A PIC X OCCURS 1 TO 9 DEPENDING ON N.
