       01  REC.
           05  R-A.
               10  KUBUN         PIC X(1).
                   88  IS-A      VALUE '1'.
               10  FA            PIC X(9).
           05  R-B               REDEFINES R-A.
               10  KUBUN2        PIC X(1).
                   88  IS-B      VALUE '1'.
               10  FB            PIC X(9).
