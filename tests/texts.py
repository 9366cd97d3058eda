"""Ordinary prose that passes every quality rule, shared by the cleansing tests."""

# Varied, ordinary Japanese prose: six different sentences, about 450 characters.
GOOD_JA = (
    "駅前の商店街では、毎年夏になると小さな祭りが開かれ、子どもから高齢者まで多くの人が集まります。"
    "今年は四年ぶりに夜店が並び、焼きそばや綿菓子の香りが通り全体に広がっていました。"
    "実行委員会の人たちは、準備のために春から何度も集まり、会場の安全について話し合ってきたそうです。"
    "夕方になると、地元の中学生による吹奏楽の演奏が始まり、見物に来た家族連れが足を止めて耳を傾けていました。"
    "祭りの最後には、商店街の若手が企画した灯籠流しが行われ、川面に映る柔らかな光に多くの人が見入っていました。"
    "来年は近くの小学校とも協力して、子ども向けの体験コーナーを増やしたいと委員長は話していました。"
    "参加した人の中には、遠方から帰省した家族も多く、久しぶりに再会した友人と笑顔で話す姿があちこちで見られました。"
    "片付けは翌朝まで続きましたが、ボランティアの高校生たちが率先してごみを拾い、通りはすぐにきれいになりました。"
    "商店街の会長は、来場者の笑顔を見ると一年の疲れが吹き飛ぶと語り、次の祭りに向けた抱負を述べていました。"
)

GOOD_EN = "\n\n".join([
    "The harbour festival returned this weekend after a four-year pause, and the quay was busy from dawn. "
    "Fishing crews opened their boats to visitors, and the lifeboat station ran short safety talks for children.",
    "Food stalls lined the promenade, selling grilled mackerel, fresh oysters and a local cider that sold out "
    "before noon. Organisers said that the weather had helped, with clear skies and a light breeze all day.",
    "In the evening a brass band played on the pier while the tall ships lit their rigging. Several families "
    "said it was the first time they had seen the harbour so full since they moved to the town.",
    "The council plans to make the festival a yearly event again, with more space for local makers and a "
    "quieter area for younger visitors. Volunteers will meet next month to review what worked and what did not.",
])
