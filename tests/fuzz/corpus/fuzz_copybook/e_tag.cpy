      *>kiroku layout bad name!
      *>kiroku encoding ebcdic
       01  REC.
      *>kiroku type date(qqqq)
           05  A                 PIC 9(8).
      *>kiroku attr shiny("x
           05  B                 PIC X(2).
