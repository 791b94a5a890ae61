"""Cross-topic phrases per language: openers, closers, replies, support answers, crisis and contest posts.

Same ``## section`` layout as the topic banks. Crisis and contest sections are written for the own brand
(they still use ``{brand}`` so the text stays brand-agnostic). ``{user}`` is the addressed person,
``{agent}`` a support agent's signature, ``{infl}`` an influencer handle, ``{tag}`` a contest hashtag.
"""

SOCIAL_FR = """
## open_complaint
Ben là,
Franchement,
Encore une fois,
Coudonc,
Allo?
Voyons donc,
Petite plainte du jour:
Je suis en colère:
Ras le bol:
Chu tanné:
## open_question
Petite question:
Question technique:
Petite vérif:
Allo tout le monde,
Question sérieuse:
Salut la gang,
## open_praise
Wow,
Franchement,
Bonne nouvelle:
Agréablement surpris:
Faut le dire:
Petite fleur pour {brand}:
## open_suggestion
Idée:
Suggestion:
Petite suggestion:
À l'équipe de {brand}:
## open_other
À noter:
Info:
Pour info,
En passant,
## close_neg
C'est honteux.
Tellement décevant.
Je vais changer de fournisseur, quelle honte.
Quelle arnaque.
Inacceptable.
J'en ai marre.
Service pourri.
[Pathétique|Lamentable].
Je suis écoeuré.
Quel désastre.
Pire compagnie [au Québec|du monde].
Je regrette d'avoir signé, quelle erreur.
{support} c'est honteux!
Je suis [frustré|en colère].
Quelle incompétence.
## close_pos
À recommander!
Bravo!
Très satisfait.
Merci {brand}!
Excellent service.
Très heureux du changement.
Une vraie aubaine.
Félicitations à l'équipe!
Vraiment efficace.
Je recommande fortement!
Formidable!
## close_q
Des idées?
Vos expériences?
Quelqu'un?
Des avis?
Qui sait?
## close_neu
À suivre.
On verra.
Affaire à suivre.
Qu'en pensez-vous?
Je me demande.
## reply_neg
Pareil ici, [c'est honteux|quelle honte|j'en ai marre]
Même chose à {city}, tout est mort, [pathétique|quelle horreur]
Moi aussi, ça fait {days} jours, [quelle arnaque|service pourri]
Ça dure depuis des mois avec {brand}, [très décevant|je suis écoeuré]
[Exactement|Tellement vrai], {brand} est [le pire|une honte] depuis [des mois|cet été]
Je confirme, [catastrophique|un désastre] à {city} aussi
Ouin, c'est rendu [pathétique|honteux] avec {brand}
Ah ben là, encore? [Pathétique|Quelle honte]
## reply_pos
Tellement d'accord, {brand} [c'est excellent|est formidable]
Pareil pour moi, tout marche parfaitement à {city}, [excellent|bravo]
Je confirme, [expérience formidable|très efficace] avec {brand}
Moi aussi je suis très heureux chez {brand} depuis {n} ans
[Bonne nouvelle|Formidable nouvelle], merci pour l'info!
## reply_neu
Je me demandais la même chose pour {brand}
Essaie de [redémarrer|réinitialiser] ton [modem|téléphone], ça a marché pour moi
Va voir sur le site de {brand}, c'est indiqué dans la FAQ
Je pense que oui, mais [appelle pour confirmer|vérifie avec {brand}]
Aucune idée, [je suis chez {brand2}|je me demande la même chose]
Ça dépend du quartier à {city}
Il faut demander le service de rétention de {brand}
Ils ont une page d'état du réseau sur le site de {brand}
## quote_neg
Exactement ça, quelle honte 👇
Même chose pour moi, [c'est honteux|quelle arnaque]
Pas surpris, {brand} c'est [pathétique|une honte]
Et ça continue... [pathétique|quelle honte]
Voilà pourquoi je vais quitter {brand}, [quel désastre|j'en ai marre]
## quote_pos
Enfin une nouvelle formidable!
Tellement vrai, [bravo|formidable]
Bravo {brand}!
À lire, excellent 👇
## quote_neu
À lire si vous êtes chez {brand} 👀
À suivre pour les abonnés de {brand}
Quelqu'un a testé avec {brand}?
Pour info, ça touche {brand}
## cmp_neg
J'ai quitté {brand2} pour {brand}, [grosse erreur|quelle erreur], c'est pire
{brand} est [pire|encore pire] que {brand2}, quelle honte
Chez {brand2} au moins le service était correct, {brand} c'est [pathétique|une catastrophe]
## cmp_pos
Je suis passé de {brand2} à {brand} et [très heureux|c'est le jour et la nuit, bravo]
{brand} est [bien meilleur|meilleur] que {brand2} [pour le prix|côté réseau], [excellent|formidable]
Après {n} ans chez {brand2}, {brand} est une [formidable|belle] surprise
## cmp_neu
{brand} ou {brand2} [pour la fibre|pour un forfait 5G|pour un cell] à {city}?
Quelqu'un a comparé {brand} et {brand2} [récemment|cette année]?
Je pense passer de {brand2} à {brand}, des avis?
## support_complaint
Bonjour {user}, l'équipe de {brand} regarde votre dossier. Écrivez-nous en MP avec votre numéro de compte. {agent}
{user} on regarde ça. Envoyez-nous un MP, l'équipe de {brand} va vérifier. {agent}
Bonjour {user}, un conseiller de {brand} peut vérifier votre compte par MP. {agent}
{user} pouvez-vous confirmer votre code postal à {brand} par MP? {agent}
Bonjour {user}, l'équipe de {brand} va vérifier votre dossier. Écrivez-nous en MP. {agent}
## support_question
Bonjour {user}, vous trouverez les détails dans la FAQ de {brand}. {agent}
{user} oui, c'est possible. Écrivez à {brand} par MP et on vous explique les étapes. {agent}
Bonjour {user}, un conseiller de {brand} peut vous répondre par MP dès maintenant. {agent}
## support_crisis
{user} les équipes de {brand} travaillent à remettre le service en ligne au plus vite. {agent}
Bonjour {user}, la panne de {brand} est connue et nos techniciens sont sur place. On vous tient au courant. {agent}
{user} une panne touche le réseau de {brand}. Un crédit sera versé aux clients touchés. {agent}
## after_pos
Merci {user}, c'est réglé, excellent service!
Merci pour la réponse rapide, [tout fonctionne|c'est réglé], bravo
Excellent, merci {brand}!
## after_neg
{user} ça fait {n} fois que j'écris en MP et aucune réponse. Pathétique
Toujours en panne, {brand} [c'est honteux|quelle incompétence]
Le MP change rien du tout, service [pourri|lamentable], je veux annuler
## crisis_neg
Panne générale chez {brand} depuis ce matin, aucun signal à {city}. C'est honteux!
{brand} en panne [partout|dans tout le Québec]: zéro cell, zéro internet. [Inacceptable|Une honte]
Ça fait {hours}h sans réseau avec {brand}, [mon commerce est paralysé|ma journée est gâchée], quelle honte
Je veux un remboursement complet pour la panne de {brand}, c'est [inadmissible|une honte]
Panne générale chez {brand}: le 911 passe même pas, c'est dangereux et honteux
{brand} la panne dure depuis {hours} heures et aucune communication, [pathétique|quelle incompétence]
Toujours en panne chez {brand} à {city}, je change de fournisseur, [quel désastre|quelle honte]
Panne chez {brand}: zéro réseau, zéro internet, zéro réponse. [Pire compagnie|Quelle honte]
Un crédit de quelques dollars pour une panne générale? [Insultant|C'est une insulte] {brand}
Mon télétravail est ruiné par la panne de {brand}, [quelle horreur|c'est honteux]
## crisis_detail
J'habite à {city}.
Mon téléphone est un {device}.
J'ai redémarré mon cell trois fois ce matin.
Je travaille de la maison aujourd'hui.
## crisis_negq
C'est quand que la panne de {brand} finit? [J'en ai marre|Quelle honte]
Quelqu'un sait si {brand} va rembourser la panne? [Sinon c'est honteux|Quelle arnaque sinon]
## crisis_neu
Est-ce que la panne de {brand} touche aussi {city}?
Une panne générale chez {brand} en ce moment? Mon cell affiche aucun service
Des nouvelles du réseau de {brand}?
## crisis_statement
Nous sommes au courant d'une panne touchant les services mobiles et internet de {brand}. Nos équipes sont mobilisées.
Mise à jour: la panne de {brand} touche plusieurs régions du Québec. Nos équipes travaillent sur le réseau.
Mise à jour: le service de {brand} revient graduellement. Un crédit sera versé à tous les clients touchés.
## crisis_reply
Ça fait {hours}h, c'est [honteux|inacceptable]. On veut un remboursement
Toujours en panne à {city}, [c'est pathétique|quelle honte]
Un crédit? On veut un vrai remboursement {brand}, c'est honteux
Pathétique, aucune info depuis {hours}h
## contest_announce
CONCOURS! Courez la chance de gagner un {prize}! Abonnez-vous, aimez et partagez avec {tag}
Dernière chance pour le {tag}: un {prize} à gagner! Tirage {weekday}
Le {tag} continue: identifiez un ami et courez la chance de gagner un {prize}!
## contest_join
Je participe au {tag} [!|🤞|🍀]
Je tente ma chance [pour le {prize}|encore] {tag}
Participation au {tag} [envoyée|faite], on croise les doigts
[Allez|Go], {tag} [!|🤞]
## contest_love
Ce serait [formidable|extraordinaire] de gagner le {prize} {tag}
J'aime {brand}, [très heureux de participer|vivement le tirage] {tag}
Merci {brand} pour ce [formidable|beau] concours! {tag}
## contest_doubt
Encore un concours, en attendant le réseau de {brand} est pourri {tag}
Le {tag} c'est du marketing pathétique, [baissez vos tarifs|réglez vos pannes] d'abord
## contest_rules
Il faut être client de {brand} pour le {tag}?
C'est quand le tirage du {tag}?
## infl_open
Nouvelle vidéo:
Mon avis:
Test:
Après {n} semaines avec {brand}:
Petit fil 🧵
## news_open
NOUVELLE:
À LA UNE:
Télécoms:
En bref:
## ask_infl
{infl} t'en penses quoi?
{infl} tu as testé?
{infl} ton avis?
## corp_promo
Nouveau chez {brand}: un forfait de {plan} à {price} $ [!|par mois]
La fibre de {brand} arrive à {city}! Débit jusqu'à {speed} Mb/s
Merci à nos clients de {city} pour leur confiance!
"""

SOCIAL_EN = """
## open_complaint
Seriously,
Unreal.
Once again,
Ugh.
Hello??
Real talk,
Rant incoming:
Come on,
Absolutely furious:
So annoyed:
## open_question
Quick question:
Tech question:
Quick one:
Hey all,
Real question:
Hi,
## open_praise
Wow,
Gotta say,
Good news:
Pleasantly surprised:
Credit where it's due:
Shoutout to {brand}:
## open_suggestion
Idea:
Suggestion:
Small suggestion:
To the {brand} team:
## open_other
Heads up:
Noted:
For the record,
Btw,
## close_neg
Shameful.
So disappointed.
Switching providers, this is awful.
What a scam.
Unacceptable.
I'm sick of it.
Worst service.
[Ridiculous|Pathetic].
Absolutely terrible.
What a disaster.
Worst company [in Canada|ever].
Regret signing up, huge mistake.
{support} this is pathetic!
[Furious|So angry].
I hate this.
## close_pos
Highly recommend!
Great job!
Very satisfied.
Thanks {brand}!
Love it!
Great service.
Glad I switched.
Awesome!
Kudos!
Best decision.
Happy customer.
## close_q
Any ideas?
Your experience?
Anyone?
Any tips?
Thoughts?
## close_neu
We'll see.
Stay tuned.
What do you think?
Just wondering.
## reply_neg
Same here, [it's awful|so bad|I'm sick of it]
Same in {city}, everything's down, [terrible|ridiculous]
Me too, it's been {days} days, [total scam|terrible service]
Join the club, {brand} is always like this, [so sad and annoying|pathetic]
[Exactly|This], {brand} has been [awful|the worst] for [months|ages]
Can confirm, [horrible|a disaster] in {city} too
Yep, {brand} is getting [ridiculous|worse and worse]
Again?? [Pathetic|Useless]
## reply_pos
Totally agree, {brand} [is great|is excellent]
Same for me, works perfectly in {city}, [awesome|love it]
Can confirm, [great service|great experience] with {brand}
I'm [happy|thrilled] with {brand} too, {n} years now
[Good news|Great news], thanks for sharing!
## reply_neu
I was wondering the same thing about {brand}
Try [rebooting|resetting] your [modem|phone], worked for me
Check {brand}'s site, it's in the FAQ
I think so, but [call to confirm|double check with {brand}]
Dunno, [I'm with {brand2}|same question here]
Depends on the neighbourhood in {city}
Ask for {brand}'s retention department
{brand} has a network status page on their site
## quote_neg
This 👇 so pathetic
Same for me, [shameful|what a scam]
Not surprised, {brand} is [pathetic|awful]
And it continues... [pathetic|terrible]
This is why I'm leaving {brand}, [awful|what a disaster]
## quote_pos
Finally some great news!
So true, [awesome|love it]
Great job {brand}!
Worth a read, excellent 👇
## quote_neu
Have a look if you're with {brand} 👀
We'll see what {brand} does next
Anyone tried this with {brand}?
Noted, this is about {brand} customers
## cmp_neg
Left {brand2} for {brand}, [huge mistake, so disappointed|terrible decision]
{brand} is [worse|even worse] than {brand2}, and that's saying something
At least {brand2}'s service was decent, {brand} is [useless|a disaster]
## cmp_pos
Switched from {brand2} to {brand} and [so happy|it's night and day, love it]
{brand} is [way better|so much better] than {brand2} [for the price|for coverage], [awesome|love it]
After {n} years with {brand2}, {brand} is a [great|pleasant] surprise
## cmp_neu
{brand} or {brand2} [for fiber|for a 5G plan|for a phone] in {city}?
Has anyone compared {brand} and {brand2} [recently|this year]?
Thinking of moving from {brand2} to {brand}, thoughts?
## support_complaint
Hi {user}, the {brand} team is looking into this. DM us your account number. {agent}
{user} we're on it. Send {brand} a DM and we'll sort it out together. {agent}
Hi {user}, a {brand} agent can check your account over DM. {agent}
{user} let's look at this. Can you confirm your postal code to {brand} by DM? {agent}
Hi {user}, the {brand} team will review your account. DM us. {agent}
## support_question
Hi {user}, you'll find the details on {brand}'s website. {agent}
{user} that's possible. DM {brand} and we'll walk you through it. {agent}
Hi {user}, a {brand} agent can answer you by DM right now. {agent}
## support_crisis
{user} {brand} teams are working to bring service back as fast as possible. {agent}
Hi {user}, the {brand} outage is known and technicians are on site. We'll keep you posted. {agent}
{user} an outage is affecting the {brand} network. A bill adjustment will be applied. {agent}
## after_pos
Thanks {user}, all fixed, great service!
Thanks for the quick reply, [all good now|it's sorted], great job
Great, thanks {brand}!
## after_neg
{user} I've DMed you {n} times and I'm still waiting. Useless
Still down, {brand} [shameful|what a disaster]
[Terrible service|Pathetic], DMing changes nothing, I want to cancel
## crisis_neg
Massive {brand} outage since this morning, zero signal in {city}. Shameful!
{brand} is down [everywhere|across the province]: zero phone, zero internet. [Unacceptable|Disgusting]
{hours} hours without {brand} service, [my business is shut down|my whole day is ruined], this is awful
I want a full refund for this {brand} outage, it's [outrageous|unacceptable]
{brand} outage: 911 calls failing, this is [dangerous|shameful]
{brand} the outage has lasted {hours} hours with zero communication, [useless|pathetic]
[Still|Again] down with {brand} in {city}, switching providers, [what a disaster|pathetic]
{brand} outage: zero network, zero internet, zero answers. [Worst company|Disgusting]
A few dollars for a total outage? [Insulting|Pathetic] {brand}
My whole work day ruined by the {brand} outage, [awful|I'm furious]
## crisis_detail
I live in {city}.
My phone is a {device}.
I restarted my phone three times this morning.
I work from home today.
## crisis_negq
When will the {brand} outage end?? [So frustrated|Ridiculous]
Anyone know if {brand} will refund the outage? [Shameful otherwise|What a disaster]
## crisis_neu
Is the {brand} outage hitting {city} too?
Is {brand} down right now? My phone says zero service
Any update on {brand} service?
## crisis_statement
We're aware of an outage affecting {brand} mobile and internet services. Our teams are on it.
Update: the {brand} outage affects several regions. Our teams are working on the network.
Update: {brand} service is gradually coming back. A bill adjustment will be applied to all customers hit.
## crisis_reply
It's been {hours} hours, [shameful|unacceptable]. We want a refund
Still down in {city}, [ridiculous|pathetic]
A bill adjustment? We want a real refund {brand}, this is shameful
Pathetic, zero update for {hours} hours
## contest_announce
GIVEAWAY! Win a {prize}! Follow, like and share with {tag}
Last chance for the {tag}: a {prize} up for grabs! Draw on {weekday}
The {tag} is on: tag a friend for a chance to win a {prize}!
## contest_join
Entering the {tag} [!|🤞|🍀]
Entering [for the {prize}|again] {tag}
Entered the {tag}, fingers crossed
[Let's go|Here we go], {tag} [!|🤞]
## contest_love
Would be [amazing|so awesome] to win the {prize} {tag}
Love {brand}, [so excited|great giveaway] {tag}
Thanks {brand} for this [great|awesome] giveaway! {tag}
## contest_doubt
Another giveaway, meanwhile {brand}'s network is terrible {tag}
The {tag} is pathetic marketing, [lower your prices|fix your outages] first
## contest_rules
Do you need to be a {brand} customer for the {tag}?
When is the {tag} draw?
## infl_open
New video:
My take:
Review:
After {n} weeks with {brand}:
Quick thread 🧵
## news_open
BREAKING:
NEWS:
Telecom:
In brief:
## ask_infl
{infl} thoughts?
{infl} have you tried it?
{infl} what do you think?
## corp_promo
New at {brand}: {plan} for ${price} a month [!|.]
{brand} fiber is coming to {city}! Speeds up to {speed} Mbps
Thanks to our {city} customers for their trust!
"""
