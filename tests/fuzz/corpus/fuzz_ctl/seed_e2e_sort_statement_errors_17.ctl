* one mistake per statement
  SORT FIELDS=(atena_no,X)
  INCLUDE COND=(seibetsu,EQ,C'1',AND)
  OUTREC BUILD=(1,5,C'abc)
  SUMM FIELDS=NONE
  OPTION NOTHING
  OUTFIL FNAMES=A,SAVE,INCLUDE=(1,1,CH,EQ,C'2')
