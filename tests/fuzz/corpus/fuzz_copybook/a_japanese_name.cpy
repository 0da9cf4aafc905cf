       01  REC.
           05  氏名              PIC X(10).
           05  AMT               PIC 9(5).
