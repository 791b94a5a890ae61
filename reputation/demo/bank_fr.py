"""French topic phrases: one block per topic, one section per (sentiment, intent) plus titles and details.

Sections: neg (complaint), negq (angry question), pos (praise), q (neutral question), sug (suggestion),
info (factual), detail (neutral context for longer posts), tneg/tneu/tpos (titles).
Wording rules, so a lexicon model (VADER-fr) reads the intended polarity:
- complaints carry a strong negative word (honteux, arnaque, pire, inacceptable, frustrant...) that is not
  within three words after a negation (pas, plus, rien, jamais, sans, ni), which would flip it;
- praise carries a strong positive word (excellent, bravo, meilleur, heureux, efficace, merci...);
- neutral posts avoid polarised words ("prix", "frais", "bon", "cher" all score as positive in VADER-fr).
Brands appear as ``{brand}`` only where a generic "mon fournisseur" also reads well.
"""

TOPICS_FR: dict[str, str] = {
    "network_outage": """
## neg
[Encore|Encore une fois|Troisième fois cette semaine:] une panne chez {brand} à {city}, [c'est honteux|quelle honte]
Le réseau de {brand} est [encore|complètement] tombé [depuis {hours}h|depuis ce matin], [service pourri|quel désastre]
Aucune barre de signal [chez moi|au bureau|dans le métro] avec {brand}, je paie pour une arnaque
Impossible d'appeler ou de texter depuis {hours} heures avec {brand}, [c'est insupportable|quelle incompétence]
La couverture de {brand} à {city} est [catastrophique|lamentable|une catastrophe], je perds le signal partout
Mes appels coupent tout le temps avec {brand}, [tellement frustrant|insupportable|j'en ai marre]
Panne [réseau|de données] chez {brand} [encore aujourd'hui|pour la {n}e fois], [très décevant|je suis frustré]
[Ben là|Voyons donc], zéro réseau avec {brand} [sur la 20|sur la 40|entre {city} et {city2}], c'est dangereux
Le signal de {brand} est [pourri|pire que jamais] depuis la [mise à jour|semaine passée], [quelle honte|c'est le chaos]
Le cell marche pantoute dans mon coin depuis que {brand} a changé ses antennes, [quelle honte|c'est frustrant]
Réseau mort chez {brand}, impossible de travailler [de la maison|en télétravail], c'est [inadmissible|une honte]
{brand} promet une couverture partout mais je capte rien au chalet depuis des semaines, [menteurs|pathétique]
Mon cell perd le signal dans mon [char|auto] chaque jour avec {brand}, [pathétique|c'est frustrant]
Merci {brand} pour la {n}e panne de la semaine, vraiment génial 🙃
Les données mobiles de {brand} sont mortes [depuis {days} jours|tous les soirs], c'est inacceptable
## negq
Pourquoi le réseau de {brand} [tombe|plante] [encore|chaque semaine]? C'est [une honte|pathétique]
Quelqu'un d'autre a [zéro signal|une panne] avec {brand} à {city}? [C'est l'enfer|J'en ai marre|Quelle horreur]
C'est normal de perdre le réseau [chaque soir|tous les jours] avec {brand}? [Tellement frustrant|Très décevant]
## pos
[Franchement|Vraiment], le réseau de {brand} est excellent à {city}
Aucune coupure [depuis {n} mois|depuis que je suis chez {brand}], très heureux de la couverture
Le signal de {brand} tient même [au chalet|dans le métro|en région], [bravo à l'équipe|félicitations]
Réseau [fiable|stable] avec {brand} [sur la route|partout à {city}], [excellent service|je recommande fortement]
Belle surprise: la couverture de {brand} est [meilleure|bien meilleure] à {city}, merci!
Panne réglée en [{minutes}|moins de 30] minutes, [bravo|très efficace] {brand}
[Je capte partout|Toujours 5 barres] avec {brand}, [c'est formidable|j'aime ça|wow]
{brand} a [le meilleur réseau|la meilleure couverture] [que j'ai eu|de la région], très satisfait
## q
[Quelqu'un sait si|Savez-vous si] {brand} capte [à {city}|au centre-ville de {city}]?
Y a-t-il une panne chez {brand} [en ce moment|présentement] à {city}?
Est-ce que {brand} couvre [la Gaspésie|les Laurentides|la Côte-Nord|le parc de la Mauricie]?
Comment vérifier [l'état du réseau|s'il y a une panne] chez {brand}?
Vous captez comment {brand} [dans le métro|au centre-ville|en campagne]?
Ça capte comment {brand} en char entre {city} et {city2}?
Entre {brand} et {brand2}, lequel couvre {city}?
## sug
{brand} devrait [afficher|publier] l'état du réseau en temps réel
{brand} devrait [installer une antenne|ajouter des antennes] [près de|à] {city}
J'aimerais que {brand} envoie un texto [quand il y a une panne|avant les travaux]
Suggestion pour {brand}: un crédit automatique après chaque panne de {n} heures et plus
## info
{brand} annonce [des travaux sur son réseau|une mise à niveau de ses antennes] à {city} [cette semaine|{weekday}]
[Le réseau|La couverture] de {brand} sera étendue [à {city}|en région] d'ici {month}
Selon {brand}, le service revient à {city} [vers {time}|dans la journée]
{brand} [teste|déploie] des antennes [près de|autour de] {city}
Selon la carte de {brand}, le réseau couvre {nn} % du territoire
## detail
J'habite à {city} [depuis {n} ans|depuis toujours].
J'ai un forfait de {plan} à {price} $ par mois.
Ça fait {days} jours que c'est comme ça.
J'ai redémarré mon téléphone à répétition.
Mon téléphone est un {device}.
## tneg
Panne chez {brand} à {city}: [c'est honteux|encore une honte]
Réseau de {brand}: [la pire couverture|un désastre] [depuis des jours|ces temps-ci]
Zéro signal avec {brand}, [j'en ai marre|quelle horreur]
## tneu
Couverture de {brand} à {city}?
Panne en cours chez {brand}?
{brand} ou {brand2}: quel réseau en région?
## tpos
Réseau de {brand}: [très heureux|excellent choix]
{brand} a [amélioré|vraiment amélioré] sa couverture, bravo
""",
    "billing_price": """
## neg
Ma facture de {brand} a encore augmenté de {amount} $ sans avertissement, c'est une arnaque
Hausse de tarifs chez {brand} [ce mois-ci|encore], [honteux|quelle honte|c'est du vol]
[Quelle arnaque|De l'escroquerie]: {brand} m'a facturé {amount} $ que j'ai jamais autorisés
Facture de {price} $ pour un forfait à {amount} $, {brand} [c'est du vol|vous êtes des voleurs]
Les frais cachés chez {brand} me mettent en colère, [très décevant|quelle arnaque]
{brand} a monté le tarif de mon forfait de {plan} [en cachette|sans me prévenir], c'est [honteux|une arnaque]
Double facturation chez {brand} [ce mois-ci|depuis {n} mois], [quel désastre|c'est inadmissible]
Le forfait de {brand} coûte une fortune pour un service aussi [mauvais|pourri], [pathétique|quelle honte]
{amount} $ de frais de retard alors que j'ai payé à temps, {brand} [c'est une arnaque|quelle honte]
[Sérieux|Ben voyons], {brand} augmente encore ses tarifs et le service est [pire|toujours aussi mauvais], quelle honte
La promo de {brand} a pris fin et ma facture a doublé, [pire arnaque|c'est honteux]
Encore une hausse chez {brand}, [j'en ai marre|je suis écoeuré], je vais annuler
## negq
Pourquoi ma facture de {brand} est rendue à {price} $? C'est quoi cette [arnaque|escroquerie]?
Quelqu'un d'autre a eu une hausse de {amount} $ chez {brand}? [C'est honteux|Quelle arnaque]
Comment contester une facture de {brand}? [J'en ai marre|Tellement frustrant]
## pos
[Excellent|Très bon] prix chez {brand}: {plan} pour {price} $, [je recommande fortement|une vraie aubaine]
{brand} m'a remboursé [en {minutes} minutes|rapidement], [bravo|merci beaucoup]
Ma facture a baissé de {amount} $ en changeant de forfait chez {brand}, [très heureux|excellent]
Le nouveau forfait de {brand} est [une aubaine|vraiment avantageux], [content du choix|très satisfait]
Enfin une facture claire chez {brand}, [merci|bravo]
{brand} a le meilleur rapport qualité-prix [de la région|au Québec], [j'aime ça|très heureux]
Belle promo chez {brand} [cette semaine|pour la rentrée], {plan} à {price} $, [excellent|formidable]
## q
[Quelqu'un sait si|Savez-vous si] {brand} a des rabais pour les étudiants?
Le forfait de {plan} à {price} $ chez {brand}, ça vaut le coût?
Comment lire la facture de {brand}? Il y a une ligne de {amount} $ que je comprends pas
Est-ce que {brand} envoie un avis avant une hausse de tarifs?
C'est qui le moins dispendieux pour {plan}, {brand} ou {brand2}?
Est-ce possible de régler la facture de {brand} par carte de crédit automatiquement?
## sug
{brand} devrait envoyer un avis avant chaque hausse de tarifs
{brand} devrait proposer un forfait [sans engagement|famille] à tarif fixe
J'aimerais que la facture de {brand} détaille chaque ligne
Proposition pour {brand}: geler les tarifs [des abonnés de longue date|pendant {n} ans]
## info
{brand} annonce une hausse de {amount} $ pour [quelques forfaits|les forfaits internet] à compter de {month}
{brand} présente un forfait de {plan} à {price} $ par mois
Les tarifs de {brand} changent en {month}
Selon {brand}, la hausse touche environ {nn} % des clients
{brand} modifie ses frais de retard à compter de {month}
## detail
Je suis client depuis {n} ans.
Mon forfait était à {price2} $ avant.
J'ai appelé à répétition à ce sujet.
La hausse est de {amount} $ par mois.
Je paie pour {n} lignes.
## tneg
Hausse de tarifs chez {brand}: [c'est honteux|quelle arnaque]
Frais cachés chez {brand}, c'est du vol
{brand} m'a facturé {amount} $ de trop, quelle honte
## tneu
Forfaits de {brand} vs {brand2}: lequel coûte moins?
Question sur ma facture de {brand}
Tarifs de {brand} en {month}
## tpos
Excellent deal chez {brand} [cette semaine|en ce moment]
{brand} m'a remboursé, bravo
""",
    "customer_service": """
## neg
{wait} minutes en attente avec le service client de {brand}, [c'est honteux|c'est inacceptable]
Le service client de {brand} est [le pire|une catastrophe|un désastre], personne ne règle le problème
[Troisième|{n}e] appel à {brand} et toujours aucune solution, [je suis en colère|j'en ai marre]
Le conseiller de {brand} m'a raccroché au nez, [quelle honte|c'est insultant]
Ça fait {days} jours que j'attends un rappel de {brand}, [service pourri|quelle incompétence]
Le clavardage de {brand} tourne en rond, [frustrant au possible|c'est inutile]
On me transfère d'un conseiller à l'autre chez {brand} depuis {hours}h, [insupportable|pathétique]
[Sérieux|Franchement], {support} répond jamais à mes messages, [pire service|quelle honte]
{brand} m'a promis un crédit il y a {days} jours, toujours rien à ce jour, [menteurs|quelle arnaque]
Attente de {hours}h [au téléphone|en boutique] chez {brand} pour rien du tout, [très décevant|je suis frustré]
Le service à la clientèle de {brand} c'est [l'enfer|un désastre], [lamentable|pathétique]
Chaque conseiller de {brand} me dit quelque chose de différent, [incompétents|quelle incompétence]
## negq
Pourquoi c'est si long d'avoir quelqu'un au service client de {brand}? [C'est honteux|Pathétique]
Est-ce que quelqu'un a réussi à parler à un humain chez {brand}? [Quel enfer|Quelle horreur]
Comment on fait une plainte officielle contre {brand}? [J'en ai marre|Je suis en colère]
## pos
Excellent service client chez {brand}, [réglé|problème réglé] en {minutes} minutes
Merci au conseiller de {brand} qui a été [vraiment gentil|très efficace|formidable]
{support} m'a répondu [en 5 minutes|rapidement] et tout est réglé, [bravo|merci]
[Agréablement surpris|Très heureux] du service à la clientèle de {brand}, [félicitations|merci]
Le clavardage de {brand} est [efficace|vraiment efficace] et sympathique, [j'aime ça|bravo]
La conseillère de {brand} à {city} a été [formidable|extraordinaire], [merci beaucoup|merci encore]
Service impeccable en boutique {brand} à {city}, [bravo à l'équipe|excellent travail]
## q
À quelle heure appeler le service client de {brand}?
Est-ce que {brand} a un service client en [français|anglais] le soir?
[Quelqu'un sait|Savez-vous] comment joindre {brand} par clavardage?
C'est quoi le numéro du service à la clientèle de {brand}?
{support} est-ce que vous répondez aux messages privés?
## sug
{brand} devrait proposer un rappel au lieu de la musique d'attente
{brand} devrait ouvrir son service client [la fin de semaine|plus tard le soir]
J'aimerais que {brand} garde un historique de mes appels, pour éviter de tout répéter
Idée pour {brand}: afficher le temps d'attente prévu au téléphone
## info
{brand} [prolonge|élargit] les heures de son service client [dès {month}|cette semaine]
{brand} ouvre une boutique à {city}
{brand} dévoile [un service de clavardage|une application mobile]
Selon {brand}, le temps d'attente moyen est de {minutes} minutes
## detail
J'ai appelé à {time}.
Mon dossier traîne depuis {days} jours.
J'ai parlé à {n} conseillers différents.
J'avais un rendez-vous en boutique à {city}.
## tneg
Service client de {brand}: [l'enfer|une honte]
{wait} minutes d'attente chez {brand}, c'est honteux
Plainte contre {brand}, je suis en colère
## tneu
Joindre le service client de {brand}
Horaires du service client de {brand}?
## tpos
Service client de {brand}: [expérience formidable|bravo]
Merci à l'équipe de {brand}
""",
    "fibre_internet": """
## neg
Mon internet chez {brand} coupe [toutes les heures|tout le temps], [c'est insupportable|quelle honte]
Je paie pour {speed} Mb/s et j'ai à peine {nn} Mb/s avec {brand}, [arnaque|c'est honteux]
La {box} plante [encore|tous les soirs], {brand} [service pourri|quelle incompétence]
Le wifi de {brand} est [lamentable|pourri] dans ma maison, [très décevant|je suis frustré]
La fibre de {brand} est tombée [depuis hier|depuis {hours}h] à {city}, [inacceptable|quelle honte]
Internet [lent|instable] avec {brand} [le soir|en télétravail], [tellement frustrant|j'en ai marre]
{brand} annonce la fibre partout mais [ma rue|mon quartier] attend encore, [menteurs|pathétique]
Impossible de regarder un film avec {brand}, ça coupe aux deux minutes, [quelle horreur|quelle catastrophe]
Mon ping explose avec {brand} [le soir|dès {time}], [c'est l'enfer|terrible] pour le gaming
La nouvelle {box} est [pire|encore pire] que l'ancienne, {brand} [quel désastre|pathétique]
## negq
Pourquoi mon internet de {brand} coupe tous les soirs? [Tellement frustrant|C'est une honte]
Quelqu'un d'autre a un débit [pourri|catastrophique] avec {brand} à {city}? [J'en ai marre|C'est honteux]
## pos
La fibre de {brand} c'est [le jour et la nuit|extraordinaire], {speed} Mb/s, [très heureux|excellent]
Excellent internet chez {brand}, aucune coupure depuis {n} mois
La nouvelle {box} est [géniale|formidable], le wifi couvre toute la maison
[Wow|Franchement], {speed} Mb/s pour vrai avec {brand}, [j'aime ça|très satisfait]
Installation de la fibre de {brand} efficace et débit parfait, [bravo|je recommande fortement]
Le gaming en ligne avec {brand} c'est [parfait|idéal], ping stable, [excellent|formidable]
Internet [fiable|stable] chez {brand} pour le télétravail, [très heureux|merci]
## q
[Quelqu'un sait si|Savez-vous si] la fibre de {brand} est disponible à {city}?
C'est quoi le vrai débit de la fibre de {brand} le soir?
Comment [changer le mot de passe wifi|redémarrer] la {box}?
Est-ce que la {box} supporte le wifi 7?
Fibre de {brand} ou de {brand2} à {city}, laquelle tient le coup le soir?
Est-ce qu'un répéteur wifi vaut le coût avec {brand}?
## sug
{brand} devrait inclure un répéteur wifi avec la fibre
{brand} devrait [publier|afficher] le débit réel par quartier
J'aimerais que l'application de {brand} permette de gérer le wifi
Suggestion: que {brand} propose une {box} avec [plus de ports|le wifi 7]
## info
{brand} amène la fibre dans {nn} 000 foyers de {city} d'ici {month}
{brand} présente un forfait internet de {speed} Mb/s
La prochaine {box} arrive chez {brand} en {month}
{brand} annonce une mise à jour logicielle pour la {box}
## detail
J'ai le forfait de {speed} Mb/s.
La {box} est dans le salon.
On est {n} à la maison en télétravail.
J'ai testé avec speedtest ce soir.
## tneg
Internet de {brand} [instable|qui coupe] à {city}, quelle honte
Débit [pourri|catastrophique] avec la fibre de {brand}
La {box}: [un désastre|la pire borne]
## tneu
Fibre de {brand} à {city}: vos débits?
{brand} ou {brand2} pour la fibre?
Réglages de la {box}
## tpos
Fibre de {brand}: [vraiment impressionné|excellent choix]
Enfin un internet stable avec {brand}, bravo
""",
}
