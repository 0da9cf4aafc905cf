* women, or men born before 平成 whose coverage is still open
  SORT FIELDS=(atena_no,A)
  INCLUDE COND=((seibetsu,EQ,C'2',AND,hokenryo,GT,50000),OR,
                (seibetsu,EQ,C'1',AND,birth,LT,D'1989-01-08',AND,soshitsu_ymd,EQ,C'99999999'),OR,
                (shimei,EQ,C'髙橋　一郎'),OR,(ku,EQ,L(C'99',C'98')))
