# Інтерфейс редакційного пульта українською. Синтаксис Project Fluent
# (https://projectfluent.org/fluent/guide/); форми множини за правилами CLDR:
# one (1, 21, 31…), few (2–4, 22–24…), many (0, 5–20, 25–30…), other (дроби).
# Ідентифікатори, що закінчуються на -html, можуть містити розмітку.

# Як мова називає себе сама: у виборі мови на сторінці облікового запису.
language-self-name = Українська

## На кожній сторінці

desk-name = Редакція Byline
desk-title = Редакція
skip-to-content = Перейти до основного вмісту
signed-in-as = Ви увійшли як
view-site = Переглянути сайт
sign-out = Вийти
nav-label = Редакція
nav-posts = Дописи
nav-new-post = Новий допис
nav-media = Медіа
nav-authors = Автори
nav-sections = Розділи
nav-collections = Добірки
nav-news-feed = Стрічка новин
nav-newsletters = Розсилки
nav-subscribers = Підписники
nav-settings = Налаштування
nav-editions = Видання
nav-redirects = Переспрямування
nav-import = Імпорт і експорт
nav-integrations = Інтеграції
nav-staff = Працівники
role-admin = Адміністратор
role-editor = Редактор
role-author = Автор
role-contributor = Дописувач

## Форми та списки

field-required = (обов’язково)
errors-nothing-saved = Нічого не збережено
errors-correct = Виправте, будь ласка, таке
pages = Сторінки
page-previous = Попередня сторінка
page-next = Наступна сторінка
page-of = Сторінка { $page } з { $pages }
none-option = — немає —
save = Зберегти
saved = Збережено.
cancel = Скасувати
delete = Видалити
edit = Редагувати
view = Переглянути
name = Ім’я
email-address = Електронна пошта
slug = Слаг
description = Опис
status = Стан
actions = Дії

## Вхід, паролі, запрошення

signin-title = Увійти
signin-to-desk = до редакції «{ $site }»
signin-failed = Не вдалося ввійти
password = Пароль
signin-button = Увійти
signin-forgot = Забули пароль?
signin-signed-out = Ви вийшли.
signin-password-set = Пароль встановлено. Увійдіть із ним.
signin-bad-email = Введіть адресу електронної пошти свого облікового запису, наприклад name@example.org.
signin-no-match = Ця адреса й пароль не відповідають жодному обліковому запису. Перевірте обидва й спробуйте ще раз.
signin-throttled =
    { $minutes ->
        [one] Забагато невдалих спроб входу. Задля безпеки облікового запису вхід призупинено: спробуйте ще раз за { $minutes } хвилину або скиньте пароль.
        [few] Забагато невдалих спроб входу. Задля безпеки облікового запису вхід призупинено: спробуйте ще раз за { $minutes } хвилини або скиньте пароль.
        [many] Забагато невдалих спроб входу. Задля безпеки облікового запису вхід призупинено: спробуйте ще раз за { $minutes } хвилин або скиньте пароль.
       *[other] Забагато невдалих спроб входу. Задля безпеки облікового запису вхід призупинено: спробуйте ще раз за { $minutes } хвилини або скиньте пароль.
    }
forgot-title = Скидання пароля
forgot-sent-html = <strong>Перевірте пошту.</strong> Якщо ця адреса належить обліковому запису, ми надіслали на неї посилання для вибору нового пароля.
forgot-sent-help = Посилання діє один раз і протягом однієї години. Якщо за кілька хвилин нічого не надійде, перевірте теку «Спам» або зверніться до адміністратора.
forgot-intro = Введіть адресу електронної пошти свого облікового запису в редакції. Ми надішлемо посилання для вибору нового пароля.
forgot-send = Надіслати посилання
forgot-bad-email = Введіть адресу електронної пошти, наприклад name@example.org.
forgot-too-many = Забагато запитів на скидання пароля з вашої мережі. Зачекайте чверть години й спробуйте знову.
back-to-signin = Повернутися до входу
join-title = Приєднатися до редакції
join-intro-html = Вас запросили до редакційного пульта. Вкажіть своє ім’я та виберіть пароль, щоб завершити налаштування облікового запису <strong>{ $email }</strong>.
new-password-title = Виберіть новий пароль
new-password-intro-html = Виберіть новий пароль для <strong>{ $email }</strong>. Старий пароль перестане діяти, щойно ви збережете новий.
your-name = Ваше ім’я
your-name-hint = Так, як його мають бачити читачі й колеги.
new-password = Новий пароль
new-password-hint = Щонайменше 10 символів. Кілька не пов’язаних між собою слів — надійний пароль, який легко запам’ятати.
new-password-again = Введіть новий пароль ще раз
join-button = Приєднатися
new-password-save = Зберегти новий пароль
join-no-name = Вкажіть своє ім’я так, як його мають бачити читачі й колеги.
password-weak = Цей пароль надто слабкий: { $problem }.
password-mismatch = Паролі не збігаються. Введіть новий пароль двічі.
password-too-short =
    { $count ->
        [one] використайте щонайменше { $count } символ
        [few] використайте щонайменше { $count } символи
        [many] використайте щонайменше { $count } символів
       *[other] використайте щонайменше { $count } символу
    }
password-too-long =
    { $count ->
        [one] використайте щонайбільше { $count } символ
        [few] використайте щонайбільше { $count } символи
        [many] використайте щонайбільше { $count } символів
       *[other] використайте щонайбільше { $count } символу
    }
link-dead-title = Це посилання більше не діє
link-dead-text = Посилання в листах щодо облікового запису діють один раз і згодом спливають. Попросіть нове: скористайтеся пунктом «Забули пароль?» на сторінці входу або попросіть адміністратора запросити вас знову.

## Сторінки помилок

error-code = Код помилки { $code }.
back-to-desk = Повернутися до редакції
go-to-site = Перейти на сайт
error-sign-in-title = Спершу ввійдіть
error-sign-in-text = Для цього потрібно ввійти як працівник редакції.
error-session-title = Ваш сеанс завершився
error-session-text = Ви вийшли із системи (сеанс завершується через два тижні або коли ви виходите на іншому пристрої). Увійдіть знову й повторіть те, що робили.
error-csrf-title = Ця форма застаріла
error-csrf-text = У формі бракувало маркера безпеки або її надіслано з іншого сайту, тож нічого не змінено. Поверніться, перезавантажте сторінку й спробуйте ще раз.
error-forbidden-title = Ви не можете цього зробити
error-role-text = Ваша роль цього не дозволяє. Зверніться до редактора або адміністратора.
error-not-found-title = Не знайдено
error-not-found-text = За цією адресою в редакції нічого немає. Можливо, це видалили.
error-gone-text = Того, що ви шукаєте, більше немає.
error-bad-request-title = Це неможливо зробити
error-unreadable-title = Не вдалося прочитати форму
error-malformed-text = Надіслане не є формою цієї сторінки, тож нічого не збережено. Поверніться, перезавантажте сторінку й спробуйте ще раз.
error-too-large-text = Надіслане перевищує 48 МБ або надійшло не повністю, тож нічого не збережено. Поверніться й спробуйте ще раз із меншим файлом.
error-conflict-title = Хтось інший змінив це раніше
error-not-editable-title = Це вже не можна змінити
error-changed-text = Тим часом хтось це змінив, тож нічого не збережено. Перезавантажте сторінку й спробуйте ще раз.
error-unrenderable-title = Цей текст не можна зберегти
error-unrenderable-text = Текст більший за 512 КБ або містить цитати, списки чи теги, вкладені глибше ніж на 40 рівнів, тож нічого не збережено. Поверніться, скоротіть текст чи спростіть вкладення й збережіть знову.
error-database-title = Немає зв’язку з базою даних
error-media-title = Не вдалося зберегти файл
error-try-again-text = Нічого не збережено. Спробуйте ще раз за хвилину.
error-internal-title = Щось пішло не так з нашого боку
error-internal-text = Помилку записано в журнал. Нічого не збережено наполовину: спробуйте ще раз, а якщо помилка повториться, повідомте адміністратора.

## Помилки, які знаходять поза редакцією (words/problems.rs)

markdown-too-long = текст довший за 512 КБ; розділіть його на кілька статей
markdown-too-deep = цитати, списки, форматування чи HTML-теги вкладено глибше ніж на 40 рівнів; спростіть вкладення
markdown-too-slow = текст надто довго відображався; спростіть його форматування
address-not-web = напишіть повну вебадресу, що починається з https:// або http://
address-too-long =
    { $count ->
        [one] вебадреса може мати щонайбільше { $count } символ
        [few] вебадреса може мати щонайбільше { $count } символи
        [many] вебадреса може мати щонайбільше { $count } символів
       *[other] вебадреса може мати щонайбільше { $count } символу
    }
address-host-not-allowed = зображення з { $host } не дозволені; завантажте зображення або попросіть адміністратора дозволити цей сайт у налаштуваннях
slug-empty = нічого не написано
slug-too-long =
    { $count ->
        [one] використайте щонайбільше { $count } символ
        [few] використайте щонайбільше { $count } символи
        [many] використайте щонайбільше { $count } символів
       *[other] використайте щонайбільше { $count } символу
    }
slug-characters = використовуйте лише малі латинські літери a-z, цифри й одинарні дефіси між ними
email-empty = адреса порожня
email-too-long = адреса довша за 254 символи
email-space = адреса містить пробіл
email-control = адреса містить керівний символ
email-not-ascii = адреса містить літери поза межами ASCII
email-at = адреса має містити рівно один символ @
email-local = частина перед @ некоректна
email-domain = частина після @ не є коректним доменом
image-too-large = Розмір цього файлу — { $size } МБ, а зображення можуть мати щонайбільше { $limit } МБ.
image-empty = Цей файл порожній. Завантажте JPEG, PNG, WebP або GIF.
image-not-an-image = Цей файл не є зображенням. Завантажте JPEG, PNG, WebP або GIF.
image-unsupported = Зображення у форматі { $format } не можна опублікувати. Збережіть його як JPEG, PNG, WebP або GIF і завантажте знову.
image-too-many-pixels = Це зображення має розмір { $width } × { $height } пкс — завелике для обробки. Зменште його (наприклад, до 4000 пікселів завширшки) і завантажте знову.
image-corrupt = Це зображення пошкоджене, його не вдається прочитати.

## Ваш обліковий запис

account-title = Ваш обліковий запис
account-saved = Збережено. Редакцію показано вибраною мовою.
account-role = Роль
account-desk-language = Мова редакції
account-language = Мова
account-language-hint = Меню, кнопки й повідомлення редакції показуватимуться цією мовою лише для вас. Статті та публічний сайт зберігають власні мови.
account-language-unknown = Виберіть одну з мов у списку: для цієї мови редакція не має перекладу.
account-password-html = Щоб змінити пароль, вийдіть і скористайтеся пунктом «Забули пароль?» на сторінці входу.

## Дописи

posts-title = Дописи
posts-filters = Показати дописи за станом
posts-filter-all = Усі
posts-filter-draft = Чернетки
posts-filter-scheduled = Заплановані
posts-filter-published = Опубліковані
posts-count =
    { $status ->
        [draft] { $count ->
            [one] { $count } допис (чернетки), спершу останні змінені.
            [few] { $count } дописи (чернетки), спершу останні змінені.
            [many] { $count } дописів (чернетки), спершу останні змінені.
           *[other] { $count } допису (чернетки), спершу останні змінені.
        }
        [scheduled] { $count ->
            [one] { $count } допис (заплановані), спершу останні змінені.
            [few] { $count } дописи (заплановані), спершу останні змінені.
            [many] { $count } дописів (заплановані), спершу останні змінені.
           *[other] { $count } допису (заплановані), спершу останні змінені.
        }
        [published] { $count ->
            [one] { $count } допис (опубліковані), спершу останні змінені.
            [few] { $count } дописи (опубліковані), спершу останні змінені.
            [many] { $count } дописів (опубліковані), спершу останні змінені.
           *[other] { $count } допису (опубліковані), спершу останні змінені.
        }
       *[all] { $count ->
            [one] { $count } допис, спершу останні змінені.
            [few] { $count } дописи, спершу останні змінені.
            [many] { $count } дописів, спершу останні змінені.
           *[other] { $count } допису, спершу останні змінені.
        }
    }
posts-col-title = Заголовок
posts-col-authors = Автори
posts-col-edited = Змінено
posts-col-published = Опубліковано
posts-col-audio = Аудіо
posts-col-site = На сайті
badge-page = Сторінка
badge-yours = Ваш
post-status-draft = Чернетка
post-status-scheduled = Заплановано
post-status-published = Опубліковано
posts-due = Вийде
posts-view-label = Переглянути «{ $title }» на сайті
posts-pages = Сторінки дописів
posts-empty-page = На цій сторінці немає дописів.
go-to-first-page = Перейти на першу сторінку.
posts-empty-status =
    { $status ->
        [draft] Зараз немає чернеток.
        [scheduled] Зараз немає запланованих дописів.
       *[published] Зараз немає опублікованих дописів.
    }
posts-show-all = Показати всі дописи.
posts-empty-html = Дописів ще немає. Почніть перший за допомогою кнопки <a href="/admin/posts/new">Новий допис</a>.
posts-notice-welcome = Ви увійшли.
posts-notice-feed-published = Опубліковано в стрічці новин.
audio-ready-clock = Готово { $clock }
audio-ready = Готово
audio-queued = У черзі
audio-working = Озвучується
audio-failed = Помилка
audio-skipped = Пропущено
audio-off = Вимкнено

## Редактор

editor-title-edit = Редагування: { $title }
editor-untitled = допис без заголовка
editor-heading-edit = Редагування допису
editor-view-on-site = Переглянути на сайті
editor-revisions = Редакції
editor-publishes = Вийде
editor-updated = Оновлено
preview-link-title = Поділитися до публікації
preview-link-secret = Секретне посилання для перегляду
preview-link-copy-now = Скопіюйте його зараз: Byline зберігає лише його відбиток і не зможе показати посилання ще раз. Будь-хто з цим посиланням може прочитати допис у теперішньому вигляді, навіть чернетку, протягом семи днів або доки ви не відкличете посилання чи не знімете допис із публікації.
preview-link-works-until = Секретне посилання для перегляду діє до { $expires }
preview-link-made = створено { $made }
preview-link-made-by = створено { $made }, автор: { $name }
preview-link-explain = Створіть секретне посилання, щоб хтось міг прочитати допис до публікації. Воно діє сім днів або доки ви не відкличете його чи не знімете допис із публікації.
preview-link-new = Створити нове посилання
preview-link-make = Створити посилання для перегляду
preview-link-revoke = Відкликати посилання
editor-conflict-see = Подивитися, що змінилося
editor-conflict-explain = (відкриває відмінності між вашою початковою редакцією та редакцією { $revision }).
editor-headline = Заголовок
editor-standfirst = Лід
editor-standfirst-hint = Одне-два речення під заголовком. Необов’язково.
editor-slug-hint = Кінцева частина адреси статті, наприклад city-budget-2027. Залиште порожнім, щоб утворити її із заголовка.
editor-kind = Тип
editor-kind-post = Стаття
editor-kind-page = Сторінка (наприклад, «Про нас»)
editor-body = Текст (Markdown)
editor-body-hint = Пишіть у Markdown: порожній рядок між абзацами, ## для підзаголовка, > для цитати, [слова](адреса) для посилання.
editor-preview = Попередній перегляд
editor-preview-empty = Попередній перегляд показує текст так, як його бачитимуть читачі. Натисніть «Попередній перегляд», щоб оновити його.
editor-preview-empty-new = Попередній перегляд показує текст так, як його бачитимуть читачі. Натисніть «Попередній перегляд», щоб оновити його, або просто пишіть: він оновлюється сам, коли браузер виконує скрипти.
editor-save-and-publish = Збереження й публікація
editor-update = Оновити
editor-save-changes = Зберегти зміни
editor-save-draft = Зберегти чернетку
editor-publish-now = Опублікувати зараз
editor-update-hint = «Оновити» одразу змінює статтю на сайті. Якщо читачі мають знати про виправлення, додайте також примітку редакції нижче.
editor-publish-at = Опублікувати о (час { $timezone })
editor-publish-at-hint = Виберіть дату й час, потім натисніть «Запланувати». Допис вийде сам у цей час.
editor-schedule = Запланувати
editor-unpublish = Зняти з публікації
editor-drafts-only = Ваша роль дозволяє зберігати чернетки. Коли допис буде готовий, попросіть редактора опублікувати його.
editor-featured = Виділити допис
editor-featured-hint = Виділені дописи позначаються й першими потрапляють на головну сторінку.
editor-bylines = Автори
editor-bylines-hint = У тому порядку, в якому їх мають бачити читачі.
editor-byline = Автор { $number }
editor-section = Розділ
editor-section-hint = Основний розділ, показаний над заголовком.
editor-more-sections = Інші розділи
editor-one-more-section = Ще один розділ
editor-image = Головне зображення
editor-image-now = Поточне зображення.
editor-image-now-size = Поточне зображення ({ $width } × { $height } пікселів).
editor-image-remove = Прибрати це зображення з допису
editor-image-remove-hint = Зображення залишиться в медіатеці.
editor-image-replace = Замінити новим зображенням
editor-image-upload = Завантажити зображення
editor-image-file-hint = Файл JPEG, PNG, WebP або GIF. Його також буде додано до медіатеки.
editor-image-library = Або виберіть із медіатеки
editor-image-keep = — залишити зображення вище —
alt-text = Альтернативний текст
editor-image-alt-hint = Потрібен для кожного зображення: опишіть, що на ньому, для читачів, які його не бачать.
caption = Підпис
credit = Автор зображення
credit-hint = Хто створив зображення, наприклад «Олена Коваль/Byline».
editor-related = Картка пов’язаної статті
editor-related-intro = Картка показує заголовок, зображення й короткий зміст іншої статті всередині цієї.
editor-related-article = Стаття для показу
editor-related-choose = — виберіть статтю —
editor-related-hint = «Додати картку» вставляє в кінець тексту рядок на зразок [[related: city-budget-2027]]. Перенесіть цей рядок туди, де має бути картка; попередній перегляд її покаже.
editor-related-add = Додати картку
notes-title = Примітки редакції
note-kind-update = Оновлення
note-kind-correction = Виправлення
note-kind-clarification = Уточнення
notes-none = Ця стаття не має приміток редакції.
notes-add-title = Додати примітку редакції
notes-explain = Примітка пояснює читачам, що змінилося й чому. Вона з’являється над статтею та в публічному журналі виправлень і позначає статтю як «Оновлено» з часом, коли ви її додали. Для виправлення одруківки примітка не потрібна: просто натисніть «Оновити».
notes-kind = Тип примітки
notes-text = Примітка для читачів
notes-text-hint = Наприклад: «Статтю оновлено: додано відповідь міської ради». Посилання Markdown працюють.
notes-add = Додати примітку
translations-title = Переклади
translations-edition-html = Ця стаття належить до видання <strong>{ $edition }</strong> (<code>{ $language }</code>).
translations-open = Відкрити цю версію
translations-translate = Перекласти для видання { $edition } ({ $language })
narration-title = Озвучення
narration-audio-label = Озвучення цієї статті
narration-again = Озвучити знову
narration-narrate = Озвучити
narration-off = Вимкнути озвучення
narration-on = Увімкнути озвучення
narration-duration =
    { $minutes ->
        [0] { $seconds } с
       *[other] { $seconds ->
            [0] { $minutes } хв
           *[other] { $minutes } хв { $seconds } с
        }
    }
narration-made = { $duration }, створено за допомогою { $engine } { $date }.
narration-none = Ще не озвучено.
narration-none-draft = Статтю буде озвучено після публікації.
narration-none-published = Натисніть «Озвучити», щоб створити аудіо.
narration-queued = Чекає на озвучення.
narration-queued-previous = До того часу читачі чують попередню версію: { $line }
narration-queued-new = Читачі побачать програвач, щойно аудіо буде готове.
narration-working = Озвучується зараз.
narration-ready = Озвучено.
narration-failed = Остання спроба не вдалася.
narration-failed-detail = { $reason } Спробу буде повторено автоматично.
narration-no-reason = Причину не записано.
narration-skipped = Не озвучено.
narration-switched-off = Озвучення цієї статті вимкнено.
narration-switched-off-detail = Читачі не бачать аудіопрогравача.
editor-notice-created = Чернетку збережено.
editor-notice-published = Опубліковано. Допис уже на сайті.
editor-notice-scheduled = Заплановано. Допис вийде у вказаний час.
editor-notice-unpublished = Знято з публікації. Допис знову став чернеткою і зник із сайту.
editor-notice-note-added = Примітку редакції додано. Тепер стаття показує її та час оновлення.
editor-notice-restored = Редакцію відновлено як нову редакцію.
editor-notice-narration-queued = Озвучення поставлено в чергу. Нове аудіо замінить старе, щойно буде готове.
editor-notice-narration-off = Озвучення вимкнено. Читачі більше не бачать аудіопрогравача.
editor-notice-narration-on = Озвучення ввімкнено. Статтю невдовзі буде озвучено знову.
editor-notice-preview-revoked = Посилання для перегляду відкликано. Кожен, хто його має, тепер побачить «не знайдено».
editor-notice-translation = Переклад розпочато: чернетка в іншому виданні з текстом оригіналу, поверх якого можна писати. Оригінал нижче, у розділі «Переклади».
editor-error-no-headline = Напишіть заголовок: без нього допис не можна зберегти.
editor-error-long-headline =
    { $most ->
        [one] Скоротіть заголовок до { $most } символу.
        [few] Скоротіть заголовок до { $most } символів.
        [many] Скоротіть заголовок до { $most } символів.
       *[other] Скоротіть заголовок до { $most } символу.
    }
editor-error-bad-slug = Використовуйте в слагу лише малі латинські літери, цифри й дефіси, наприклад city-budget-2027.
editor-error-no-slug = Напишіть слаг: у заголовку немає літер, з яких його можна утворити.
editor-error-long-standfirst =
    { $most ->
        [one] Скоротіть лід до { $most } символу.
        [few] Скоротіть лід до { $most } символів.
        [many] Скоротіть лід до { $most } символів.
       *[other] Скоротіть лід до { $most } символу.
    }
editor-error-kind = Виберіть статтю або сторінку.
editor-error-author-gone = Такого автора більше немає. Виберіть іншого.
editor-error-section-gone = Такого розділу більше немає. Виберіть інший.
editor-error-image = Це головне зображення не можна використати: { $problem }.
editor-error-no-alt = Опишіть зображення для читачів, які його не бачать.
editor-error-related = Виберіть статтю, яку має показувати картка.
editor-error-past = Цей час уже минув. Виберіть час у майбутньому або опублікуйте зараз.
editor-error-no-time = Виберіть дату й час публікації.
editor-error-image-gone = Цього зображення вже немає в медіатеці.
editor-error-slug-taken = Слаг «{ $slug }» уже використовує інший допис. Виберіть інший.
editor-error-removed = Вибраного автора чи розділ щойно видалили. Виберіть ще раз.
editor-error-conflict = Хтось інший зберіг цей допис (редакція { $revision }) після того, як ви його відкрили, тож ваші зміни не збережено. Порівняйте їхні зміни з вашими, потім перезавантажте редактор і внесіть свої зміни знову.
autosave-not-draft = Автоматично зберігаються лише чернетки. Натисніть «Оновити», щоб змінити опублікований допис.
autosave-mistakes = Ще не збережено: у формі є помилки.
autosave-conflict = Хтось інший зберіг цей допис (редакція { $revision }). Автозбереження зупинено, щоб нічого не перезаписати.
autosave-slug-taken = Ще не збережено: цей слаг використовує інший допис.

## Форма стрічки новин

feed-not-published = Повідомлення ще не опубліковано
feed-headline-hint = До 120 символів.
feed-text = Текст
feed-text-hint = Два-три рядки, до 600 символів. Працюють посилання, **жирний** і *курсив*: [слова](https://…).
feed-article = Посилання на статтю
feed-article-hint = Необов’язково. Введіть слова із заголовка й виберіть підказку або вставте адресу статті.
feed-composer-title = Допис у стрічку новин
feed-pin = Закріпити вгорі
feed-pin-hint = Повідомлення залишається над новішими, доки ви його не відкріпите; раніше закріплене буде відкріплено.
feed-publish = Опублікувати в стрічці
feed-newest = Найновіше в стрічці
edit-label = Редагувати: { $name }
feed-pinned = Закріплено
feed-empty = У стрічці ще нічого немає.
feed-all = Усі повідомлення стрічки

## Що каже desk.js

js-draft-saved-at = Чернетку збережено о { $time }
js-autosave-stopped = Автозбереження зупинено: хтось інший змінив цей допис.
js-autosave-retry = Зараз не вдалося зберегти чернетку. Буде ще одна спроба.
js-autosave-offline = Не збережено: редакція недоступна. Буде ще одна спроба.
js-copied = Скопійовано
js-copy-failed-link = Не вдалося скопіювати: виділіть посилання вручну
js-copy-failed-text = Не вдалося скопіювати: виділіть текст вручну
js-copy-link = Копіювати посилання
js-copy = Копіювати
js-over-limit =
    { $most ->
        [one] Перевищено ліміт у { $most } символ.
        [few] Перевищено ліміт у { $most } символи.
        [many] Перевищено ліміт у { $most } символів.
       *[other] Перевищено ліміт у { $most } символу.
    }

## Налаштування

settings-intro = Як сайт представляється читачам. Зміни застосовуються до всіх сторінок одразу після збереження.
settings-site = Сайт
settings-site-name = Назва сайту
settings-description-hint = Одне речення про редакцію для результатів пошуку й попереднього перегляду посилань.
settings-url = Публічна адреса
settings-url-hint = Де читачі знаходять сайт, наприклад https://news.example.org. Використовується у стрічках, листах і посиланнях.
settings-time-language = Час і мова
timezone = Часовий пояс
settings-timezone-hint = Часовий пояс редакції, наприклад Europe/Kyiv або America/Chicago. За ним показано час на сайті й у редакції.
settings-language-hint = Мовний тег, наприклад en, en-GB або uk.
settings-logo = Логотип
settings-logo-alt = Поточний логотип
settings-logo-now = Поточний логотип.
settings-logo-remove = Прибрати логотип
settings-logo-remove-hint = Натомість сайт показуватиме свою назву текстом.
settings-logo-replace = Замінити логотип
settings-logo-upload = Завантажити логотип
settings-logo-hint = Найкраще підходить PNG або WebP із прозорим тлом. Необов’язково.
settings-icon = Значок сайту
settings-icon-alt = Поточний значок сайту
settings-icon-now = Поточний значок.
settings-icon-remove = Прибрати значок
settings-icon-remove-hint = Натомість браузери показуватимуть значок теми.
settings-icon-replace = Замінити значок
settings-icon-upload = Завантажити значок
settings-icon-hint = Браузери показують його на вкладках і в закладках. Найкраще підходить квадратний PNG завширшки щонайменше 180 пікселів. Необов’язково.
settings-navigation = Навігація
settings-navigation-links = Посилання в меню сайту
settings-navigation-hint = Одне посилання в рядку у форматі «Назва | /адреса/», наприклад «Про нас | /about/». Розділи додаються самі; тут додайте інші сторінки.
settings-image-hosts-title = Зображення з інших сайтів
settings-image-hosts = Сайти, з яких можна брати головні зображення
settings-image-hosts-hint = Одне ім’я хоста в рядку, наприклад photos.example-wire.com. В інших випадках головні зображення завантажуються на цей сайт: адресу з будь-якого іншого сайту буде відхилено, тож відкриття чернетки ніколи не змусить ваш браузер звертатися до чужого сервера.
settings-disclosure = Рядок біля озвученого аудіо
settings-disclosure-hint = Читачі й слухачі подкасту бачать його з кожним озвученням, наприклад «Це аудіо створено за допомогою ШІ».
settings-save = Зберегти налаштування
settings-saved = Налаштування збережено. Сайт уже використовує їх.
settings-error-navigation = Рядок { $line } має мати вигляд «Назва | /адреса/», наприклад «Про нас | /about/».
settings-error-title = Напишіть назву сайту так, як її мають бачити читачі.
error-timezone = Вкажіть назву часового поясу, наприклад America/Chicago або Europe/Kyiv.
error-language-tag = Вкажіть мовний тег, наприклад en, en-GB або uk.
settings-error-url = Напишіть публічну адресу сайту, що починається з https://.
settings-error-image-hosts = Напишіть одне ім’я хоста в рядку, наприклад photos.example-wire.com.
settings-error-disclosure = Напишіть рядок, який слухачі бачать біля озвученого аудіо, наприклад «Це аудіо створено за допомогою ШІ».
settings-error-disclosure-long = Рядок має бути коротшим за 200 символів.
settings-error-logo-address = Адресу логотипа не можна використати: натомість завантажте логотип.
settings-error-icon-address = Адресу значка сайту не можна використати: натомість завантажте значок.
settings-narration-ready = Для озвучення використовується { $engine }.
settings-narration-partial = Для озвучення використовується { $engine } (нейронний голос недоступний: { $missing }).
settings-narration-unavailable = Озвучення недоступне: { $missing }.
settings-narration-off = Озвучення вимкнено (--narration off).
settings-narration-piper = нейронний голос Piper ({ $voice })
settings-narration-espeak = espeak-ng (резервний голос)

## Видання

editions-intro-html = Кожне видання — це сайт однією мовою з власною головною сторінкою, розділами, стрічкою новин, розсилками, стрічками RSS і пошуком. Основне видання розміщено за адресою <code>/</code>; інші — під власним префіксом, наприклад <code>/uk/</code>. У редакторі статті можна пов’язати як переклади одна одної.
editions-col-edition = Видання
editions-col-address = Адреса
editions-main = (основне)
editions-delete-label = Видалити видання { $name }
editions-add-title = Додати видання
editions-prefix = Префікс адреси
editions-prefix-hint = Де розміщено видання: uk дає /uk/. Малі латинські літери, цифри й дефіси; згодом змінити не можна.
editions-language-hint = Мовний тег, наприклад uk, de або en-GB. Від нього залежать слова інтерфейсу, голос озвучення і те, як пошук читає текст.
editions-name = Назва видання
editions-name-hint = Назва, яку бачать читачі цього видання, його мовою.
editions-description-hint = Одне речення мовою видання для результатів пошуку й попереднього перегляду посилань.
editions-timezone-hint = Наприклад, Europe/Kyiv. Час у цьому виданні показано за ним.
editions-dates = Дати
editions-add = Додати видання
editions-date-day-month-year = 4 грудня 2026
editions-date-month-day-year = грудень 4, 2026
editions-notice-added = Видання додано. Його головна сторінка вже працює; напишіть першу статтю.
editions-notice-saved = Видання збережено.
editions-notice-deleted = Видання видалено.
editions-error-prefix-taken = /{ $prefix }/ уже є виданням або адресою статті.
editions-error-disclosure = Напишіть рядок, який слухачі бачать біля озвучення, мовою цього видання.
editions-error-title = Напишіть назву видання так, як її мають бачити його читачі.
editions-error-dates = Виберіть, як записувати дати.
editions-error-prefix-shape = Використайте від 2 до 20 малих латинських літер, цифр або дефісів, наприклад uk чи en-gb.
editions-error-prefix-reserved = /{ $prefix }/ — адреса, яку сайт уже використовує; виберіть інший префікс.
editions-error-main = Видання за адресою / не можна видалити.
edition-title = Видання: { $name }
edition-all = Усі видання
edition-heading-html = Видання за адресою <code>{ $home }</code>
edition-main = Це основне видання: його назва, мова, часовий пояс і навігація водночас є налаштуваннями сайту.
edition-language-hint = Мовний тег, наприклад uk, de або en-GB.
edition-timezone-hint = Наприклад, Europe/Kyiv.
edition-navigation-hint = Одне посилання в рядку: «Назва | /адреса/».
edition-disclosure = Примітка про озвучення
edition-disclosure-hint = Рядок, який слухачі бачать біля кожного програвача озвучення, мовою цього видання.
edition-save = Зберегти видання

## Автори й розділи

authors-intro = Автори — це імена в підписах до статей. Кожен має сторінку на сайті з біографією, фото та списком статей.
sections-intro = Розділи групують статті за темами. Кожен має сторінку на сайті; перший розділ допису показано над заголовком.
bio = Біографія
none-yet = Поки немає
people-view-label = Переглянути сторінку: { $name }
authors-empty = Авторів ще немає. Додайте першого нижче.
sections-empty = Розділів ще немає. Додайте перший нижче.
authors-add-title = Додати автора
sections-add-title = Додати розділ
people-slug-hint = Кінцева частина адреси сторінки, наприклад { $example }. Залиште порожнім, щоб утворити її з імені.
bio-hint = Кілька речень для сторінки автора. Посилання Markdown працюють.
section-description-hint = Одне-два речення на сторінці розділу. Необов’язково.
photo = Фото
photo-hint-optional = Найкраще підходить квадратний портрет. Необов’язково.
photo-hint = Найкраще підходить квадратний портрет.
authors-add = Додати автора
sections-add = Додати розділ
author-edit = Редагування автора
section-edit = Редагування розділу
authors-all = Усі автори
sections-all = Усі розділи
people-view-page = Переглянути сторінку на сайті
people-slug-change-hint = Кінцева частина адреси сторінки. Якщо її змінити, зміниться адреса, і посилання на стару перестануть працювати.
photo-current-alt = Поточне фото: { $name }
photo-now = Поточне фото.
photo-replace = Замінити фото
people-notice-added = Додано.
people-error-no-name = Напишіть ім’я.
people-error-long-name =
    { $count ->
        [one] Ім’я має бути коротшим за { $count } символ.
        [few] Ім’я має бути коротшим за { $count } символи.
        [many] Ім’я має бути коротшим за { $count } символів.
       *[other] Ім’я має бути коротшим за { $count } символу.
    }
people-error-bad-slug = Використовуйте лише малі латинські літери, цифри й дефіси, наприклад city-hall.
people-error-no-slug = Напишіть слаг: в імені немає літер, з яких його можна утворити.
people-error-unrenderable = Цей текст не можна зберегти: { $problem }.
people-error-photo-address = Адресу фото не можна використати: { $problem }.
people-error-slug-taken = Слаг «{ $slug }» уже зайнятий. Виберіть інший.

## Медіа

media-intro = Зображення, завантажені тут, можна використати в будь-якому дописі. Великі зображення зменшуються, а дані про камеру видаляються ще до збереження.
media-file = Файл зображення
media-file-hint = Файл JPEG, PNG, WebP або GIF.
media-alt-hint = Опишіть, що на зображенні, для читачів, які його не бачать.
media-upload = Завантажити
media-library = Медіатека
media-count =
    { $count ->
        [one] { $count } зображення, спершу найновіші.
        [few] { $count } зображення, спершу найновіші.
        [many] { $count } зображень, спершу найновіші.
       *[other] { $count } зображення, спершу найновіші.
    }
media-size = { $width } × { $height } пікселів
media-save-label = Зберегти дані файлу { $name }
media-not-yours = Завантажено кимось іншим: ці підписи може змінити редактор.
media-pages = Сторінки медіатеки
media-empty-page = На цій сторінці немає зображень.
media-empty = Медіатека порожня. Завантажте перше зображення вище.
media-notice-uploaded = Зображення завантажено. Воно є в медіатеці для будь-якого допису.
media-error-no-file = Виберіть файл зображення для завантаження.
media-error-not-yours = Ви можете змінювати підписи лише до власних завантажень. Попросіть редактора змінити підписи цього зображення.

## Добірки

collections-intro = Ці списки показано на сайті в такому самому порядку. Зміни діють одразу.
collections-up-label = Перемістити вище: { $title }
collections-up = Вище
collections-down-label = Перемістити нижче: { $title }
collections-down = Нижче
collections-remove-label = Прибрати з добірки «{ $list }»: { $title }
collections-remove = Прибрати
collections-empty = Ця добірка порожня. Додайте статтю нижче.
collections-add-to = Додати статтю до добірки «{ $list }»
collections-choose = — виберіть опубліковану статтю —
collections-add-label = Додати до добірки «{ $list }»
collections-add = Додати
collection-editors-picks = Вибір редакції
collection-more-news = Більше новин
collections-notice-saved = Збережено. Сайт уже показує новий порядок.
collections-error-choose = Спершу виберіть статтю.
collections-error-already-in = Ця стаття вже є в добірці.
collections-error-full = Добірка заповнена. Спершу приберіть з неї якусь статтю.
collections-error-not-in = Цієї статті вже немає в добірці.
collections-error-gone = Такої статті більше не існує.

## Переспрямування

redirects-intro = Старі адреси, що ведуть на сторінки цього сайту. Імпорт додає адреси, які архів мав на старій платформі, а зміна слагу опублікованої статті додає її стару адресу. Переспрямування спрацьовує лише там, де немає сторінки, тож ніколи її не приховує.
redirects-add-title = Додати переспрямування
redirects-from = Стара адреса
redirects-from-hint = Шлях на цьому сайті, наприклад /2019/05/harbour-fire/.
redirects-to = Веде на
redirects-to-hint = Шлях на цьому сайті або повна адреса https://.
redirects-kind = Тип
redirects-permanent = Постійне (301)
redirects-temporary = Тимчасове (302)
redirects-save = Зберегти переспрямування
redirects-find-label = Знайти адресу
redirects-find = Знайти
redirects-count =
    { $count ->
        [one] { $count } переспрямування.
        [few] { $count } переспрямування.
        [many] { $count } переспрямувань.
       *[other] { $count } переспрямування.
    }
redirects-count-matching =
    { $count ->
        [one] { $count } переспрямування за запитом «{ $query }».
        [few] { $count } переспрямування за запитом «{ $query }».
        [many] { $count } переспрямувань за запитом «{ $query }».
       *[other] { $count } переспрямування за запитом «{ $query }».
    }
redirects-origin = Звідки
redirects-remove-label = Прибрати переспрямування з { $address }
redirects-pages = Сторінки переспрямувань
redirects-newer = Новіші
redirects-older = Старіші
redirects-notice-saved = Переспрямування збережено.
redirects-notice-removed = Переспрямування прибрано.
redirects-error-from = Напишіть стару адресу як шлях на цьому сайті, що починається з /, наприклад /2019/05/old-story/.
redirects-error-to = Напишіть, куди воно має вести: шлях на цьому сайті, що починається з /, або повну адресу https://.
redirects-error-itself = Адреса не може вести сама на себе.

## Інтеграції та вебхуки

integrations-intro-html = Інші програми, що працюють із цим сайтом: мобільний застосунок, окремий фронтенд, сервіс розсилок чи пошуку, автоматизація. Кожна інтеграція отримує два ключі у форматах, які використовують клієнти Ghost: <strong>ключ вмісту</strong>, що читає опубліковане через Content API за адресою <code>{ $site }/ghost/api/content/</code>, і <strong>ключ адміністратора</strong> для Admin API.
integrations-keys-for = Ключі для «{ $name }»
integrations-copy-now = Скопіюйте їх зараз: їх показано лише цей один раз. Якщо їх буде втрачено, створіть нові.
integrations-content-key = Ключ вмісту
integrations-admin-key = Ключ адміністратора
integrations-api-address = Адреса API
integrations-add-title = Додати інтеграцію
integrations-name-hint = Що це, наприклад «Мобільний застосунок» або «Імпорт новин агенції».
integrations-add = Додати інтеграцію
integrations-admin-key-id = Ідентифікатор ключа адміністратора
integrations-added = Додано
integrations-keys-made = Ключі створено
integrations-regenerate-label = Створити нові ключі для { $name }
integrations-regenerate = Створити нові ключі
delete-label = Видалити { $name }
integrations-none = Інтеграцій ще немає.
integrations-notice-deleted = Інтеграцію видалено. Її ключі більше не діють.
integrations-error-no-name = Інтеграції потрібна назва: що це, наприклад «Мобільний застосунок».
integrations-error-long-name =
    { $count ->
        [one] Назва інтеграції може мати щонайбільше { $count } символ.
        [few] Назва інтеграції може мати щонайбільше { $count } символи.
        [many] Назва інтеграції може мати щонайбільше { $count } символів.
       *[other] Назва інтеграції може мати щонайбільше { $count } символу.
    }
webhooks-title = Вебхуки
webhooks-intro-html = Інтеграції підписуються на зміни через <code>webhooks/</code> в Admin API. Доставки кожного вебхука надсилаються по черзі, по одній; невдалу доставку повторюють із дедалі довшими паузами близько доби, а отримувач, що відповідає 410 Gone, видаляє свій вебхук.
webhooks-integration = Інтеграція
webhooks-event = Подія
webhooks-target = Адреса
webhooks-last = Остання доставка
webhooks-signed = Підписано
webhooks-failed = помилка
webhooks-answered = відповідь { $status }
webhooks-nothing-sent = Ще нічого не надіслано.
webhooks-last-deliveries =
    { $count ->
        [one] Остання { $count } доставка
        [few] Останні { $count } доставки
        [many] Останні { $count } доставок
       *[other] Останні { $count } доставки
    }
webhooks-delivery-html = <code>{ $event }</code> о { $time }: { $status }
webhooks-after-attempts =
    { $count ->
        [one] після { $count } спроби
        [few] після { $count } спроб
        [many] після { $count } спроб
       *[other] після { $count } спроби
    }
webhooks-last-error = остання помилка: { $error }
webhooks-none = Вебхуків ще немає.

## Редакції допису

revisions-title = Редакції: { $title }
revisions-of = допису «{ $title }»
back-to-editor = Повернутися до редактора
revisions-intro = Кожне збереження зберігає копію допису. Порівняйте будь-які дві або поверніть старішу: відновлення зберігає її як нову редакцію, тож нічого не втрачається.
revisions-compare = Порівняти дві редакції
revisions-from = Від редакції
revisions-to = До редакції
revisions-show-changes = Показати зміни
revisions-revision = Редакція
revisions-saved = Збережено
revisions-by = Хто
revisions-what = Що сталося
revisions-restore-col = Відновити
revisions-current = Поточна
revisions-restore = Відновити редакцію { $number }
revisions-none = Цей допис ще не має збережених редакцій.
revisions-former-staff = Колишній працівник редакції
revisions-reason-created = Створено
revisions-reason-saved = Збережено
revisions-reason-autosaved = Збережено автоматично
revisions-reason-api-created = Створено через Admin API
revisions-reason-api-saved = Збережено через Admin API
revisions-reason-restored = Відновлено редакцію { $number }
revisions-error-conflict = Хтось зберіг цей допис, поки ви переглядали його редакції. Відкрийте редакції знову й повторіть спробу.
revisions-error-slug-taken = Слаг цієї редакції тепер належить іншому допису. Відновіть її вручну в редакторі.
diff-title = Зміни від редакції { $start } до { $end }: { $title }
diff-heading = Зміни
diff-range = від редакції { $start } до { $end }
diff-all-revisions = Усі редакції
diff-explain-html = Допис: «{ $title }». Рядки, позначені <ins class="key"><span class="diff-mark" aria-hidden="true">+</span> додано</ins>, є в редакції { $end }, але не в { $start }; рядки, позначені <del class="key"><span class="diff-mark" aria-hidden="true">−</span> вилучено</del>, були лише в редакції { $start }. Незмінені рядки навколо кожної зміни показано без позначок.
diff-added = додано:
diff-removed = вилучено:
diff-none = Ці дві редакції містять однаковий текст: між ними нічого не змінилося.
diff-field-title = Заголовок
diff-field-body = Текст
diff-field-featured = Виділений допис
diff-field-authors = Ідентифікатори авторів
diff-field-sections = Ідентифікатори розділів

## Стрічка новин

feed-view-on-site = Переглянути стрічку на сайті
feed-intro = Короткі повідомлення, які читачі бачать біля кожної статті, спершу найновіші. Закріплене повідомлення залишається вгорі. Зміни діють одразу.
feed-nothing-changed = Нічого не змінено
feed-all-items = Усі повідомлення
feed-count =
    { $count ->
        [one] { $count } повідомлення: спершу закріплене, далі найновіші.
        [few] { $count } повідомлення: спершу закріплене, далі найновіші.
        [many] { $count } повідомлень: спершу закріплене, далі найновіші.
       *[other] { $count } повідомлення: спершу закріплене, далі найновіші.
    }
feed-updated-at = Оновлено { $time }
feed-unpin-label = Відкріпити: { $name }
feed-pin-label = Закріпити вгорі: { $name }
feed-unpin = Відкріпити
feed-pin-short = Закріпити
feed-delete-confirm = Видалити «{ $name }» зі стрічки новин? Читачі більше його не побачать.
feed-delete-label = Видалити: { $name }
feed-pages = Сторінки стрічки
feed-empty-page = На цій сторінці немає повідомлень.
feed-empty-publish = У стрічці ще нічого немає. Опублікуйте перше повідомлення за допомогою форми вище.
feed-edit-title = Редагування повідомлення
feed-not-marked = Не позначено
feed-place = Місце
feed-pinned-top = Закріплено вгорі
feed-time-order = За часом
feed-not-saved = Зміни ще не збережено
feed-mark-updated = Позначити як оновлене (читачі побачать «Оновлено» з часом)
feed-mark-updated-hint = Не ставте позначку, якщо виправляєте одруківку: повідомлення збереже свій час.
feed-mark-updated-hint-again = Не ставте позначку, якщо виправляєте одруківку: повідомлення збереже свій час і попередню позначку «Оновлено».
feed-place-title = Місце в стрічці

## Імпорт і експорт

imports-intro-html = Перенесіть архів сайту з Ghost або WordPress: дописи, сторінки, авторів, розділи, розсилки, підписників і старі адреси. Повторний імпорт того самого файлу оновлює змінене й нічого не додає двічі. Зображення переносяться, коли імпорт запущено з командного рядка разом із медіатекою сайту (<code>byline import ghost FILE --content DIR</code>, <code>byline import wordpress FILE --uploads DIR</code>); під час імпорту звідси кожне відсутнє зображення буде перелічено у звіті.
imports-refused = Файл не імпортовано
imports-ghost-hint = JSON-файл із Ghost: Settings → Labs → Export (Ghost 4, 5 або 6).
imports-wordpress-hint = XML-файл із WordPress: Інструменти → Експорт → Увесь вміст.
imports-from = З { $platform }
imports-file = Файл експорту { $platform }
imports-at-most = Щонайбільше { $megabytes } МБ.
imports-button = Імпортувати з { $platform }
imports-recent = Останні імпорти
imports-col-file = Файл
imports-col-started = Розпочато
import-status-queued = У черзі
import-status-running = Триває
import-status-done = Завершено
import-status-failed = Помилка
export-title = Вивантажити все
export-intro-html = Увесь сайт у форматі імпорту Ghost (дописи, сторінки, розділи, автори, розсилки та їхні підписники з наданими згодами), який імпортують і Ghost, і Byline, а також зображення в tar-архіві, упорядкованому як тека <code>content</code> у Ghost.
export-site = Завантажити сайт (JSON)
export-media = Завантажити зображення (tar)
imports-error-platform = Виберіть Ghost або WordPress: у формі не вказано платформи, з якої редакція імпортує.
imports-error-no-file = Виберіть файл експорту для імпорту.
imports-error-upload-too-large = Файл більший за { $most } МБ. Імпортуйте його з командного рядка (byline import): так можна читати файли до { $command_line } МБ.
imports-error-unreadable = Нічого не імпортовано: файл не вдалося прочитати.
imports-error-too-large = Нічого не імпортовано: розмір файлу — { $size } МБ, а імпорт читає щонайбільше { $limit } МБ (у командному рядку ліміт збільшує параметр --max-file-mb).
imports-error-wrong-shape = Нічого не імпортовано: це не експорт { $platform } ({ $reason }).
imports-error-not-well-formed = Нічого не імпортовано: файл не є коректним { $format } ({ $detail }).
imports-error-entities = Нічого не імпортовано: файл оголошує тип документа із сутностями. Експорти WordPress ніколи цього не роблять, а сутності можуть роздути малий файл до гігабайтів або прочитати файли на цьому сервері, тож файл відхилено.
imports-error-stopped = Нічого не імпортовано: перевірку зупинено.
export-error-media = { $problem }. Архів не створено; спробуйте ще раз за хвилину.
import-title = Імпорт файлу { $file }
import-waiting = Очікує на початок. Ця сторінка оновлюється сама.
import-running = Імпорт: { $stage }
import-starting = початок
import-progress = , { $done } з { $total }
import-refreshes = Ця сторінка оновлюється сама; імпорт триватиме, навіть якщо ви її залишите.
import-progress-label = Перебіг імпорту
import-stopped = Імпорт зупинився
import-stopped-help = Нічого з файлу не залишилося імпортованим наполовину. Виправте файл та імпортуйте його знову.
import-done = Імпортовано з { $platform }
import-what = Що імпортовано
import-new = Нові
import-unchanged = Без змін
import-kind-posts = Дописи
import-kind-pages = Сторінки
import-kind-authors = Автори
import-kind-tags = Розділи
import-kind-images = Зображення
import-kind-newsletters = Розсилки
import-kind-members = Підписники
import-kind-redirects = Переспрямування
import-left-out = Не перенесено
import-left-out-intro = Для цього в Byline немає місця:
import-problems =
    { $count ->
        [one] { $count } питання, яке варто переглянути
        [few] { $count } питання, які варто переглянути
        [many] { $count } питань, які варто переглянути
       *[other] { $count } питання, які варто переглянути
    }
import-problems-more =
    { $count ->
        [one] … і ще { $count }.
        [few] … і ще { $count }.
        [many] … і ще { $count }.
       *[other] … і ще { $count }.
    }

## Розсилки

nl-subnav = Розсилки
nl-issues = Випуски
nl-new-issue = Новий випуск
nl-name-hint = Так, як її бачать читачі, наприклад «Щоденний огляд».
nl-slug = Частина адреси
nl-slug-hint = Використовується в посиланнях і файлах імпорту, наприклад daily-briefing. Залиште порожнім, щоб утворити її з назви.
nl-description-hint = Одне-два речення для форми підписки та сторінки розсилок. До 300 символів.
nl-cadence = Коли виходить
nl-cadence-hint = Своїми словами, наприклад «Шість ранків на тиждень». Необов’язково.
nl-sender-name = Ім’я відправника
nl-sender-name-hint = Показується як відправник у поштовій скриньці.
nl-sender-email = Адреса відправника
nl-sender-email-hint = З неї надсилаються випуски, наприклад news@example.org.
nl-reply-to = Адреса для відповідей
nl-reply-to-hint = Куди надходять відповіді. Залиште порожнім, щоб вони надходили на адресу відправника.
nl-signup-open = Підписка відкрита
nl-signup-open-hint = Форми підписки та сторінка розсилок пропонують її. Якщо закрити підписку, усі наявні підписники залишаться.
csv-import-title = Імпорт із файлу CSV
csv-import-intro-html = Перший рядок називає стовпці: <code>email</code> і <code>consent</code> обов’язкові, <code>name</code> і <code>newsletters</code> — ні. <code>consent</code> показує, чи погодилася людина отримувати розсилки (yes або no): із yes підписку одразу підтверджено, із no людина нічого не отримує, доки сама не підпишеться й не підтвердить підписку. <code>newsletters</code> перелічує частини адрес, як-от <code>daily-briefing</code>, через <code>;</code> або пробіли. Якщо хоч один рядок хибний, нічого не імпортується, а всі проблеми буде перелічено. До 10 МБ і 100 000 рядків.
csv-file = Файл CSV
csv-newsletter = Розсилка, якщо у файлі немає стовпця newsletters
csv-newsletter-from-file = — зі стовпця newsletters у файлі —
csv-import = Перевірити й імпортувати
nl-intro = Кожна розсилка має власних підписників. Читачі підписуються через форми на сайті й підтверджують підписку листом; випуски отримують лише підтверджені підписники.
nl-signup = Підписка
nl-confirmed = Підтверджені
nl-waiting = Очікують
nl-left = Відписалися
nl-open = Відкрита
nl-closed = Закрита
nl-confirmed-label =
    { $count ->
        [one] { $count } підтверджений підписник розсилки { $name }
        [few] { $count } підтверджені підписники розсилки { $name }
        [many] { $count } підтверджених підписників розсилки { $name }
       *[other] { $count } підтвердженого підписника розсилки { $name }
    }
nl-new-issue-label = Новий випуск розсилки { $name }
nl-empty = Розсилок ще немає. Додайте першу нижче.
nl-add-title = Нова розсилка
nl-not-added = Розсилку ще не додано
nl-add = Додати розсилку
nl-edit-title = Редагування розсилки: { $name }
nl-edit = Редагування розсилки
nl-all = Усі розсилки
nl-its-subscribers = Її підписники
nl-waiting-confirmation = Очікують підтвердження
nl-edition = Видання
nl-edition-hint = Видання, чиї форми підписки та сторінка розсилок її пропонують.
nl-forbidden = Працювати з розсилками та їхніми підписниками можуть лише редактори й адміністратори.
nl-notice-created = Розсилку додано. Форми підписки пропонуватимуть її, якщо підписку відкрито.
nl-error-edition = Виберіть одне з видань сайту.
nl-error-slug-taken = Цю частину адреси вже використовує інша розсилка. Виберіть іншу.
nl-error-no-name = Дайте розсилці назву.
nl-error-long-name =
    { $count ->
        [one] Назва має бути коротшою за { $count } символ.
        [few] Назва має бути коротшою за { $count } символи.
        [many] Назва має бути коротшою за { $count } символів.
       *[other] Назва має бути коротшою за { $count } символу.
    }
nl-error-slug = Цю частину адреси не можна використати: { $problem }.
nl-error-long-description =
    { $count ->
        [one] Опис має бути коротшим за { $count } символ.
        [few] Опис має бути коротшим за { $count } символи.
        [many] Опис має бути коротшим за { $count } символів.
       *[other] Опис має бути коротшим за { $count } символу.
    }
nl-error-long-cadence =
    { $count ->
        [one] Рядок про те, коли виходить розсилка, має бути коротшим за { $count } символ.
        [few] Рядок про те, коли виходить розсилка, має бути коротшим за { $count } символи.
        [many] Рядок про те, коли виходить розсилка, має бути коротшим за { $count } символів.
       *[other] Рядок про те, коли виходить розсилка, має бути коротшим за { $count } символу.
    }
nl-error-no-sender-name = Вкажіть ім’я відправника, яке читачі бачать у поштовій скриньці.
nl-error-sender-name =
    { $count ->
        [one] Використайте просте ім’я, коротше за { $count } символ, без < > і лапок.
        [few] Використайте просте ім’я, коротше за { $count } символи, без < > і лапок.
        [many] Використайте просте ім’я, коротше за { $count } символів, без < > і лапок.
       *[other] Використайте просте ім’я, коротше за { $count } символу, без < > і лапок.
    }
nl-error-sender-email = Вкажіть адресу, з якої надсилаються випуски, наприклад news@example.org.
nl-error-reply-to = Вкажіть правильну адресу для відповідей або залиште поле порожнім.
issues-title = Випуски розсилок
issues-no-newsletters-html = Розсилок ще немає. Спершу <a href="/admin/newsletters/">додайте розсилку</a>, потім напишіть її перший випуск.
issues-caption = Випуски, спершу найновіші
issue-subject = Тема
issue-newsletter = Розсилка
issues-when = Вийде / вийшов
issues-sent = Надіслано
issues-no-subject = (без теми)
issue-status-draft = Чернетка
issue-status-scheduled = Заплановано
issue-status-sending = Надсилається
issue-status-sent = Надіслано
issue-status-cancelled = Скасовано
issues-sent-of = { $sent } з { $total }
issues-empty-html = Випусків ще немає. <a href="/admin/newsletters/issues/new">Напишіть перший</a>.
issue-title = Випуск: { $subject }
issue-edit = Редагування випуску
issue-heading = Випуск
issue-test-not-sent = Тестовий лист не надіслано
issue-goes-out = Вийде
issue-started = Надсилання розпочато
issue-finished = Завершено
issue-as-email = Як лист
issue-plain-text = Простий текст
issue-not-saved = Випуск ще не збережено
issue-subject-hint = Тема листа в поштовій скриньці. До 150 символів.
issue-preheader = Текст попереднього перегляду
issue-preheader-hint = Рядок, який поштові скриньки показують після теми. Необов’язково; до 200 символів.
issue-body = Текст
issue-body-hint = Markdown: **жирний**, *курсив*, [посилання](https://…), ## заголовок, - список.
issue-cards = Картки статей
issue-cards-hint = Необов’язково. Позначте статті, які слід показати картками під текстом, у порядку цього списку. Пропонуються найновіші опубліковані статті; позначені залишаються вгорі.
issue-not-published = Не опубліковано
issue-no-articles = Опублікованих статей ще немає.
issue-actions = Зберегти, перевірити, надіслати
issue-send-test = Надіслати тестовий лист мені
issue-send-now = Надіслати зараз…
issue-actions-hint = Кожна кнопка спершу зберігає випуск. Тестовий лист надходить лише на { $email }; «Надіслати зараз» попросить підтвердження, перш ніж щось надіслати.
issue-send-at = Надіслати о (час { $timezone })
issue-send-at-hint = Виберіть дату й час, потім натисніть «Запланувати». Випуск вийде сам у цей час.
issue-scheduled-for = Заплановано на { $time }. Щоб скасувати, поверніть випуск у чернетку.
issue-unschedule = Скасувати планування
issue-delivery = Доставка
issue-delivery-counts = Надіслано { $sent } з { $total } · помилок: { $failed } · очікують: { $queued }
issue-delivery-retrying = (повторна спроба: { $count })
issue-nobody = Коли почалося надсилання, ніхто не підтвердив підписку на цю розсилку, тож цей випуск ніхто не отримав.
issue-sending-refresh = Надсилається. Ця сторінка оновлюється кожні 5 секунд, доки надсилання не завершиться.
issue-stop-refreshing = Зупинити оновлення
issue-sending = Надсилається.
issue-check-again = Перевірити знову
issue-refresh-every = Оновлювати кожні 5 секунд
issue-problems = Отримувачі з проблемами
issue-attempts = Спроби
issue-last-error = Остання помилка
issue-will-retry = Буде повторено
issue-what-sent = Що надіслано
issue-no-cards = Немає
send-title = Надіслати «{ $subject }»?
send-heading = Надіслати зараз?
send-back = Повернутися до випуску
send-confirm =
    { $count ->
        [one] Надіслати { $count } підтвердженому підписникові?
        [few] Надіслати { $count } підтвердженим підписникам?
        [many] Надіслати { $count } підтвердженим підписникам?
       *[other] Надіслати { $count } підтвердженого підписника?
    }
send-explain = «{ $subject }» зараз отримає кожен підтверджений підписник розсилки { $newsletter }, по одному разу. Ті, хто підтвердить підписку пізніше, його не отримають. Розпочате надсилання не можна зупинити.
send-was-scheduled = Випуск було заплановано на { $time }; надсилання зараз це замінює.
send-button =
    { $count ->
        [one] Надіслати { $count } підписникові
        [few] Надіслати { $count } підписникам
        [many] Надіслати { $count } підписникам
       *[other] Надіслати { $count } підписника
    }
send-nobody = Ніхто його не отримає
send-nobody-explain = Ніхто ще не підтвердив підписку на { $newsletter }, тож «{ $subject }» нікому надсилати. Натомість надішліть тестовий лист собі або зачекайте на підписників.
text-title = Простий текст: { $subject }
text-heading = Текстова частина листа «{ $subject }»
issue-notice-saved = Чернетку збережено.
issue-notice-test-sent = Тестовий лист надіслано на { $email }.
issue-notice-scheduled = Заплановано. Випуск вийде сам { $time } (за часом { $timezone }).
issue-notice-unscheduled = Повернуто в чернетки: випуск не вийде, доки ви його не надішлете чи не заплануєте.
issue-notice-sending = Надсилання розпочато. Ця сторінка показує, як воно триває.
issue-notice-already-sending = Цей випуск уже надсилався; ніхто не отримає його двічі.
issue-article-deleted = Стаття { $id } (видалена)
issue-error-newsletter = Виберіть розсилку, до якої належить цей випуск.
issue-error-no-subject = Напишіть тему листа.
issue-error-long-subject =
    { $count ->
        [one] Тема має бути коротшою за { $count } символ.
        [few] Тема має бути коротшою за { $count } символи.
        [many] Тема має бути коротшою за { $count } символів.
       *[other] Тема має бути коротшою за { $count } символу.
    }
issue-error-long-preheader =
    { $count ->
        [one] Текст попереднього перегляду має бути коротшим за { $count } символ.
        [few] Текст попереднього перегляду має бути коротшим за { $count } символи.
        [many] Текст попереднього перегляду має бути коротшим за { $count } символів.
       *[other] Текст попереднього перегляду має бути коротшим за { $count } символу.
    }
issue-error-long-body = Текст задовгий для одного листа.
issue-error-unrenderable = Цей текст не можна надіслати: { $problem }.
issue-error-no-time = Виберіть дату й час надсилання.
issue-error-bad-time = Вкажіть дату й час, наприклад 2026-03-02 06:30.
issue-error-past = Цей час уже минув. Виберіть час у майбутньому або надішліть зараз.
issue-error-unreadable-articles = Не вдалося прочитати вибрані статті. Позначте їх ще раз.
issue-error-too-many-articles =
    { $count ->
        [one] Виберіть для одного випуску щонайбільше { $count } статтю.
        [few] Виберіть для одного випуску щонайбільше { $count } статті.
        [many] Виберіть для одного випуску щонайбільше { $count } статей.
       *[other] Виберіть для одного випуску щонайбільше { $count } статті.
    }
issue-error-unpublished-article = Одна з вибраних статей більше не опублікована. Зніміть із неї позначку або спершу опублікуйте її знову.
issue-error-being-sent = Цей випуск уже надсилається, тож його більше не можна змінити. На його сторінці видно, як триває доставка.
issue-error-sent = Цей випуск уже надіслано, тож його більше не можна змінити.
issue-error-cancelled = Цей випуск скасовано, тож його більше не можна змінити.
issue-error-cancelled-send = Цей випуск скасовано, тож його не можна надіслати.
issue-error-test-not-sent = Випуск збережено, але тестовий лист не вдалося надіслати. Перевірте налаштування пошти й знову натисніть «Надіслати тестовий лист мені».

## Підписники

subs-export = Експортувати всіх у CSV
subs-import = Імпортувати з CSV
subs-search-label = Адреса або ім’я
sub-status-pending = Очікує підтвердження
sub-status-active = Підтверджено
sub-status-left = Відписався
subs-any-state = Будь-який стан
subs-search = Шукати
subs-count =
    { $count ->
        [one] { $count } особа, спершу найновіші.
        [few] { $count } особи, спершу найновіші.
        [many] { $count } осіб, спершу найновіші.
       *[other] { $count } особи, спершу найновіші.
    }
subs-count-found =
    { $count ->
        [one] Знайдено { $count } особу, спершу найновіші.
        [few] Знайдено { $count } особи, спершу найновіші.
        [many] Знайдено { $count } осіб, спершу найновіші.
       *[other] Знайдено { $count } особи, спершу найновіші.
    }
subs-show-everyone = Показати всіх.
subs-joined = Приєднався
subs-pages = Сторінки підписників
subs-empty-page = На цій сторінці нікого немає.
subs-none-match = Нікого не знайдено.
subs-empty = Ще ніхто не підписався. Читачі підписуються через форми на сайті; також можна імпортувати список нижче.
sub-title = Підписник: { $email }
sub-heading = Підписник
subs-all = Усі підписники
sub-no-name = Не вказано
sub-first-signed-up = Уперше підписався
sub-came-from = Звідки
sub-asked = Запит
sub-no-newsletter = Не підписаний на жодну розсилку.
sub-history = Історія
sub-nothing-recorded = Нічого не записано.
sub-issues-sent = Надіслані випуски
sub-no-issues = На цю адресу ще не надсилали жодного випуску.
sub-delete = Видалити цю особу повністю
sub-delete-explain = На запит про забуття: адреса, ім’я, усі підписки, історія вище та всі записи про доставку буде видалено. Уже доставлені випуски залишаться в поштовій скриньці.
sub-delete-confirm = Я розумію, що це не можна скасувати
subs-import-title = Імпорт підписників
subs-imported-lines =
    { $count ->
        [one] Імпортовано { $count } рядок
        [few] Імпортовано { $count } рядки
        [many] Імпортовано { $count } рядків
       *[other] Імпортовано { $count } рядка
    }
subs-imported-confirmed-html =
    { $count ->
        [one] <strong class="import-confirmed">{ $count }</strong> підписку підтверджено (згода у файлі)
        [few] <strong class="import-confirmed">{ $count }</strong> підписки підтверджено (згода у файлі)
        [many] <strong class="import-confirmed">{ $count }</strong> підписок підтверджено (згода у файлі)
       *[other] <strong class="import-confirmed">{ $count }</strong> підписки підтверджено (згода у файлі)
    }
subs-imported-pending-html = <strong class="import-pending">{ $count }</strong> очікують власного підтвердження (у файлі немає згоди)
subs-imported-unchanged-html = <strong class="import-unchanged">{ $count }</strong> уже є, без змін
subs-imported-left-html = <strong class="import-left-kept">{ $count }</strong> не додано знову: людина відписалася від цієї розсилки
subs-see = Переглянути підписників
subs-nothing-imported = Нічого не імпортовано
subs-correct =
    { $count ->
        [one] Виправте цю проблему у файлі, потім імпортуйте його знову.
        [few] Виправте ці проблеми у файлі, потім імпортуйте його знову.
        [many] Виправте ці проблеми у файлі, потім імпортуйте його знову.
       *[other] Виправте ці проблеми у файлі, потім імпортуйте його знову.
    }
subs-line = Рядок { $line }:
subs-notice-deleted = Особу видалено разом з її історією та доставками.
sub-error-confirm = Поставте позначку, щоб підтвердити: видалення не можна скасувати.
csv-error-no-file = Виберіть файл CSV для імпорту.
csv-error-too-large = Файл більший за 10 МБ. Розділіть його на менші файли.
csv-error-newsletter = Виберіть одну з розсилок.
csv-error-not-utf8 = Файл не є текстом у кодуванні UTF-8. Збережіть його з електронної таблиці як «CSV UTF-8» і спробуйте ще раз.
csv-error-empty = Файл порожній.
csv-error-header-unreadable = Перший рядок не вдалося прочитати як CSV.
csv-error-header-is-address = Перший рядок має називати стовпці (email, consent і, за бажанням, name та newsletters), а в ньому адреса. Додайте рядок заголовків.
csv-error-no-email-column = У файлі немає стовпця «email». Перший рядок має називати стовпці: email, consent і, за бажанням, name та newsletters.
csv-error-no-consent-column = У файлі немає стовпця «consent». Додайте його й укажіть для кожної людини, чи погодилася вона отримувати розсилки (yes або no).
csv-error-no-newsletter = У файлі немає стовпця «newsletters», тож виберіть розсилку, до якої імпортувати.
csv-error-line-unreadable = Цей рядок не вдалося прочитати як CSV.
csv-error-too-many-rows =
    { $count ->
        [one] У файлі понад { $count } адресу. Розділіть його на менші файли.
        [few] У файлі понад { $count } адреси. Розділіть його на менші файли.
        [many] У файлі понад { $count } адрес. Розділіть його на менші файли.
       *[other] У файлі понад { $count } адреси. Розділіть його на менші файли.
    }
csv-error-no-addresses = У файлі є рядок заголовків, але під ним немає адрес.
csv-error-email-missing = немає адреси електронної пошти.
csv-error-email = «{ $email }»: { $problem }.
csv-error-consent = згода «{ $consent }» — це не «так» чи «ні» (напишіть yes, no, true, false, 1, 0, y або n).
csv-error-unknown-newsletter = немає розсилки з назвою «{ $newsletter }» (розсилки: { $known }).
csv-error-no-newsletter-named = стовпець newsletters порожній: укажіть принаймні одну розсилку, наприклад daily-briefing.

## Працівники

staff-intro = Хто може користуватися редакцією і що кожному дозволено. Дописувачі пишуть чернетки; автори також публікують власні дописи; редактори працюють з усіма дописами й ведуть розділи, добірки та примітки; адміністратори також керують налаштуваннями й працівниками.
staff-members = Працівники редакції
staff-role-access = Роль і доступ
staff-you = (ви)
staff-deactivated = Деактивовано
staff-invited = Запрошено
staff-active = Активний
staff-error-email = Вкажіть адресу електронної пошти людини, наприклад name@example.org.
staff-error-name = Напишіть ім’я людини.
staff-error-role = Виберіть роль.
staff-error-email-taken = Ця адреса електронної пошти вже належить комусь із працівників.
staff-error-not-sent = Не вдалося надіслати запрошення електронною поштою. Перевірте налаштування пошти й запросіть ще раз.
staff-error-last-admin = Це єдиний активний адміністратор. Спершу призначте адміністратором когось іншого.
staff-of = для { $name }
staff-save-role-label = Зберегти роль для { $name }
staff-save-role = Зберегти роль
staff-deactivate-label = Деактивувати { $name }
staff-deactivate = Деактивувати
staff-reactivate-label = Знову активувати { $name }
staff-reactivate = Активувати знову
staff-invite-title = Запросити когось
staff-invite-intro = Людина отримає лист із посиланням для вибору пароля. Посилання діє три дні.
staff-invite = Надіслати запрошення
staff-notice-invited = Запрошення надіслано. Посилання в ньому діє три дні.

# Дописи й видання: фільтр списку дописів за виданням, видання нового допису, перенесення допису.
posts-filter-editions = Показати дописи за виданням
posts-filter-every-edition = Усі видання
posts-col-edition = Видання
posts-empty-edition = У виданні { $edition } ще немає дописів.
posts-show-every-edition = Показати всі видання.
posts-error-edition = Такого видання немає. Відкрийте список дописів і виберіть одне з його видань.
editor-edition = Видання
editor-edition-hint = Де його буде опубліковано: адреса й мова видання.
editor-error-edition = Виберіть одне з видань сайту.
editor-error-edition-taken = У цьому виданні вже є версія цієї статті (пов’язаний переклад). Відкрийте ту версію або виберіть інше видання.
editor-move-title = Перенести до іншого видання
editor-move-hint = Адреса допису отримає префікс того видання, а стара адреса вестиме читачів на нову. Текст залишиться як є: перекладіть його, якщо мова видання цього потребує.
editor-move = Перенести
editor-notice-moved = Перенесено до іншого видання. Тепер адреса починається з префікса того видання, а стара веде читачів туди.

## The News Feed per edition, and its notices
feed-edition = Видання
feed-editions = Стрічки видань
feed-notice-published = Опубліковано в стрічці новин.
feed-notice-saved = Збережено. Читачі вже бачать зміну.
feed-notice-deleted = Видалено зі стрічки новин.
feed-notice-pinned = Закріплено вгорі стрічки новин.
feed-notice-unpinned = Відкріплено. Повідомлення повернулося на своє місце за часом.
feed-refused-pin = Форма не вказала, закріпити чи відкріпити повідомлення. Натисніть «Закріпити» або «Відкріпити» ще раз.
feed-error-edition = Виберіть одне з видань сайту.
feed-error-headline-missing = Напишіть заголовок.
feed-error-headline-too-long =
    { $count ->
        [one] Заголовок має бути не довшим за { $max } символів; зараз у ньому { $count } символ.
        [few] Заголовок має бути не довшим за { $max } символів; зараз у ньому { $count } символи.
        [many] Заголовок має бути не довшим за { $max } символів; зараз у ньому { $count } символів.
       *[other] Заголовок має бути не довшим за { $max } символів; зараз у ньому { $count } символу.
    }
feed-error-text-missing = Напишіть текст повідомлення: два-три рядки.
feed-error-text-too-long =
    { $count ->
        [one] Текст має бути не довшим за { $max } символів; зараз у ньому { $count } символ. Для повної історії дайте посилання на статтю.
        [few] Текст має бути не довшим за { $max } символів; зараз у ньому { $count } символи. Для повної історії дайте посилання на статтю.
        [many] Текст має бути не довшим за { $max } символів; зараз у ньому { $count } символів. Для повної історії дайте посилання на статтю.
       *[other] Текст має бути не довшим за { $max } символів; зараз у ньому { $count } символу. Для повної історії дайте посилання на статтю.
    }
feed-error-no-article = Жодна опублікована стаття не відповідає «{ $reference }». Виберіть одну з підказок або вставте її адресу.

## Назви розділу в інших виданнях
section-names-link = Назви в інших виданнях
section-names-title = Назви в інших виданнях: { $name }
section-names-heading = Назви в інших виданнях
section-names-back = Редагувати розділ
section-names-intro = Розділи спільні для всіх видань. Кожне видання може назвати цей розділ своєю мовою: тоді його сторінки показують цю назву й опис скрізь, де з’являється розділ. Якщо назву не вписано, лишається власна назва розділу — { $name }.
section-names-only-one = На сайті одне видання, тож розділ має одну назву. Додайте видання на сторінці «Видання», щоб називати розділи його мовою.
section-names-name = Назва у виданні «{ $edition }»
section-names-name-hint = Залиште порожнім, щоб показувати «{ $name }».
section-names-description = Опис у виданні «{ $edition }»
section-names-description-hint = Одне-два речення під назвою на сторінці розділу. Необов’язково.
section-names-save = Зберегти назви
section-names-notice-saved = Збережено. Сторінки видань показують нові назви.
section-names-error-too-long =
    { $count ->
        [one] Назва у виданні «{ $edition }» має бути не довшою за { $max } символів; зараз у ній { $count } символ.
        [few] Назва у виданні «{ $edition }» має бути не довшою за { $max } символів; зараз у ній { $count } символи.
        [many] Назва у виданні «{ $edition }» має бути не довшою за { $max } символів; зараз у ній { $count } символів.
       *[other] Назва у виданні «{ $edition }» має бути не довшою за { $max } символів; зараз у ній { $count } символу.
    }
section-names-error-description-alone = Впишіть і назву у виданні «{ $edition }»: опис потребує назви, яку він пояснює.
section-names-error-description = Опис у виданні «{ $edition }» задовгий або має забагато вкладених рівнів; скоротіть чи спростіть його.
