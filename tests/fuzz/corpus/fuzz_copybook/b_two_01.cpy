       01  REC.
           05  A                 PIC X(10).
       01  REC.
           05  B                 PIC X(10).
