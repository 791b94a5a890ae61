"""French topic phrases, second half (same section layout and wording rules as ``bank_fr``)."""

TOPICS_FR2: dict[str, str] = {
    "5g_phones": """
## neg
La 5G de {brand} à {city}? Une farce, je suis en LTE [partout|tout le temps], [quelle arnaque|pathétique]
Mon {device} acheté chez {brand} [surchauffe|plante] après {days} jours, [très décevant|quelle honte]
Le forfait 5G de {brand} coûte {price} $ pour un débit [pire que la 4G|ridicule], [arnaque|c'est honteux]
{brand} refuse d'échanger mon {device} défectueux, [c'est honteux|quelle incompétence]
La mise à niveau de téléphone chez {brand} est [un enfer|une arnaque], {amount} $ de plus sur la facture
[Ben là|Voyons], {brand} bloque le déverrouillage de mon {device}, [inacceptable|quelle honte]
La 5G de {brand} vide ma batterie en [{hours}h|une matinée], [frustrant|insupportable]
J'ai payé le {device} plein tarif chez {brand} et la 5G capte mal, [je suis en colère|très décevant]
{brand} annonce la 5G partout mais c'est faux à {city}, [menteurs|c'est une arnaque]
## negq
Pourquoi mon {device} est plus lent en 5G qu'en 4G avec {brand}? [Pathétique|Quelle arnaque]
Quelqu'un d'autre a des bugs avec le {device} de {brand}? [Tellement frustrant|Quelle horreur]
## pos
La 5G de {brand} à {city} est [incroyable et rapide|formidable], {speed} Mb/s sur mon {device}
Mise à niveau vers le {device} chez {brand} en {minutes} minutes, [excellent|bravo]
[Excellente aubaine|Très bon deal] sur le {device} chez {brand}, [je recommande fortement|très heureux]
Le forfait 5G de {brand} est une aubaine, [j'aime ça|excellent partout]
{brand} m'a échangé mon {device} rapidement, [bravo|merci beaucoup]
Enfin la 5G chez {brand} [dans mon quartier|à {city}], [très heureux|formidable]
## q
Le {device} est-il compatible avec la 5G de {brand}?
[Quelqu'un sait si|Savez-vous si] {brand} offre le {device} à 0 $ par mois?
C'est quoi la différence entre le forfait 5G et 5G+ chez {brand}?
La 5G de {brand} est-elle disponible à {city}?
J'achète le {device} chez {brand} ou chez {brand2}?
Comment activer la 5G sur mon {device} avec {brand}?
## sug
{brand} devrait proposer un programme de reprise pour les vieux téléphones
{brand} devrait [permettre|proposer] l'eSIM sur tous ses forfaits
J'aimerais que {brand} affiche la carte 5G [à jour|par rue]
## info
{brand} déploie la 5G+ à {city} [cette semaine|en {month}]
Le {device} est maintenant offert chez {brand} à partir de {price} $
{brand} ajoute l'eSIM à ses forfaits [prépayés|mensuels]
Selon {brand}, la 5G couvre maintenant {nn} % de la population
## detail
J'ai acheté le {device} [le mois passé|il y a {n} semaines].
Mon forfait inclut {plan} de données.
Je suis à {city}, au centre-ville.
J'ai fait le test à {time}.
## tneg
5G de {brand}: [une arnaque|quelle déception]
Problèmes avec le {device} acheté chez {brand}, quelle honte
## tneu
5G de {brand} à {city}?
{device}: acheter chez {brand} ou {brand2}?
Forfaits 5G de {brand}, quelle différence?
## tpos
La 5G de {brand} est [impressionnante|formidable]
Expérience formidable pour mon {device} chez {brand}
""",
    "delivery_installation": """
## neg
Le technicien de {brand} s'est jamais présenté, {n}e rendez-vous manqué, [c'est honteux|quelle incompétence]
Ça fait {days} jours que j'attends la livraison de mon {device} chez {brand}, [c'est honteux|pathétique]
Rendez-vous d'installation [annulé|reporté] pour la {n}e fois par {brand}, [inacceptable|quelle honte]
{brand} m'a donné une plage de 8h à 18h et personne, journée gaspillée, [je suis en colère|frustrant]
L'installation de la fibre de {brand} a [laissé un trou dans le mur|tout brisé], [un désastre|quelle horreur]
Mon colis de {brand} est perdu depuis {days} jours, [cauchemardesque|c'est l'enfer]
Le technicien de {brand} est reparti après {minutes} minutes sans brancher le modem, [incompétents|ridicule]
Toujours en attente d'installation après {n} semaines chez {brand}, [pire service|lamentable]
## negq
Pourquoi {brand} annule mes rendez-vous à la dernière minute? [C'est honteux|Quelle incompétence]
Quelqu'un a déjà reçu sa livraison de {brand} à temps? [Quelle catastrophe|Quel désastre] ce service
## pos
Le technicien de {brand} était à l'heure, installation parfaite, [excellent travail|bravo]
Livraison de mon {device} en {n} jours avec {brand}, [formidable|très efficace]
Installation de la fibre efficace par {brand}, [bravo au technicien|très satisfait]
[Merci|Merci beaucoup] à [Kevin|Sophie|Marc|Julie], le technicien de {brand}, [excellent travail|formidable]
Rendez-vous respecté [à la minute|parfaitement] par {brand}, [je recommande fortement|bravo]
## q
Combien de temps prend l'installation de la fibre chez {brand}?
[Quelqu'un sait si|Savez-vous si] {brand} livre le {device} [le samedi|en région]?
Est-ce que je dois être là pour l'installation de {brand}?
Comment suivre ma livraison de {brand}?
Le technicien de {brand} installe aussi le wifi dans le sous-sol?
## sug
{brand} devrait envoyer un texto quand le technicien est en route
{brand} devrait proposer des plages de rendez-vous de [2h|deux heures] au lieu d'une journée
J'aimerais choisir mon rendez-vous d'installation en ligne chez {brand}
## info
{brand} offre maintenant la livraison [le jour même|en 24 h] à {city}
{brand} embauche {nn} techniciens [pour accélérer les installations|à {city}]
Les délais d'installation chez {brand} sont d'environ {days} jours selon leur site
## detail
Le rendez-vous était prévu {weekday}.
J'ai pris la journée pour ça.
La commande a été passée il y a {days} jours.
J'habite un [condo|triplex|bungalow] à {city}.
## tneg
Rendez-vous manqué par {brand}, [quelle honte|encore une fois]
Livraison de {brand}: colis perdu, un désastre
## tneu
Délai d'installation chez {brand}?
Installation de la fibre de {brand}: comment ça se passe?
## tpos
Installation parfaite par {brand}, bravo
Livraison efficace chez {brand}
""",
    "roaming_travel": """
## neg
{amount} $ de frais d'itinérance de {brand} pour [un voyage|une semaine] en {country}, c'est du vol
Le forfait voyage de {brand} a planté en {country}, [quelle arnaque|très décevant]
{brand} m'a chargé l'itinérance alors que j'avais le forfait voyage, [honteux|inacceptable]
Zéro réseau en {country} avec {brand}, voyage gâché, [je suis en colère|quelle horreur]
Facture de {price} $ après mon voyage en {country}, {brand} [c'est honteux|quelle arnaque]
Impossible d'activer l'itinérance de {brand} à l'aéroport, [un cauchemar total, quelle honte|pathétique]
## negq
Pourquoi l'itinérance de {brand} coûte {amount} $ par jour? [C'est du vol|Quelle arnaque]
Quelqu'un d'autre s'est fait arnaquer par l'itinérance de {brand}? [Honteux|Je suis en colère]
## pos
Le forfait voyage de {brand} en {country} a [très bien|parfaitement] marché, [excellent|formidable]
Itinérance facile avec {brand}, activée en [une minute|2 minutes] en {country}, [bravo|excellent]
{brand} m'a remboursé l'itinérance rapidement, [merci|excellent service]
Réseau parfait en {country} avec {brand}, [très heureux|je recommande fortement]
## q
Combien coûte le forfait voyage de {brand} en {country}?
[Quelqu'un sait si|Savez-vous si] l'itinérance de {brand} marche en {country}?
Une eSIM locale ou l'itinérance de {brand} en {country}?
Comment désactiver l'itinérance sur mon {device} avant de partir?
## sug
{brand} devrait inclure [les États-Unis|l'Europe] dans le forfait
{brand} devrait proposer un forfait voyage [mensuel|à la semaine]
J'aimerais que {brand} avertisse par texto quand l'itinérance commence
## info
{brand} ajoute [l'Europe|le Mexique|le Japon] à son forfait voyage à compter de {month}
Le forfait voyage de {brand} passe à {amount} $ par jour
{brand} présente une eSIM voyage pour {nn} pays
## detail
Je pars en {country} [dans {n} semaines|{weekday}].
Le voyage dure {days} jours.
J'avais pris le forfait avant de partir.
## tneg
Itinérance de {brand}: facture salée, quelle arnaque
Forfait voyage de {brand} en {country}: un désastre
## tneu
Itinérance de {brand} en {country}?
Forfait voyage de {brand} ou eSIM?
## tpos
Forfait voyage de {brand}: parfait en {country}, bravo
""",
    "contest": """
## neg
Les concours de {brand} sont truqués, c'est [bidon|de l'arnaque], personne gagne jamais
Encore un concours de {brand} pour ramasser nos données, [pathétique|quelle honte]
J'ai gagné un concours de {brand} il y a {n} mois et le cadeau est toujours perdu, [honteux|inacceptable]
[Sérieux|Franchement], {brand} fait des concours au lieu de régler ses pannes, [pathétique|quelle honte]
## negq
Quelqu'un a déjà vraiment gagné un concours de {brand}? [Ça sent l'arnaque|C'est louche et bidon]
Pourquoi {brand} met en jeu un {prize} mais monte ses tarifs? [Honteux|Pathétique]
## pos
Merci {brand}, j'ai gagné le tirage! [Très heureux|Wow|Formidable]
[Excellent|Formidable] concours de {brand}, j'adore le prix: {prize}
J'ai reçu mon cadeau du concours de {brand} [rapidement|en {days} jours], [merci|bravo]
## q
Quelqu'un sait quand {brand} annonce le résultat du tirage?
C'est quoi les règlements du concours de {brand}?
Le concours de {brand} est ouvert au Québec seulement?
Est-ce que {brand} fait un concours [ce mois-ci|pour la rentrée]?
## sug
{brand} devrait organiser un concours pour ses abonnés
{brand} devrait mettre en jeu [un an d'internet|un téléphone] au lieu d'un t-shirt
## info
{brand} met en jeu un {prize} [cette semaine|jusqu'au {weekday}]
{brand} annonce le résultat de son tirage [{weekday}|en {month}]
{brand} organise un concours pour [la rentrée|ses {n} ans]
## detail
Il faut s'abonner à leur compte pour participer.
Le tirage est {weekday}.
J'ai participé chaque jour.
## tneg
Concours de {brand}: truqué? Ça sent l'arnaque
## tneu
Concours de {brand}: règlements?
Concours en cours chez {brand}
## tpos
J'ai gagné au concours de {brand}, merci!
""",
}
