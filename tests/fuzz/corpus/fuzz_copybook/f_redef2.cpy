       01  REC.
           05  A                 PIC X(10).
           05  B                 PIC X(10).
           05  C                 REDEFINES A REDEFINES B PIC X(10).
