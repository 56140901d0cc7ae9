PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1');
INSERT INTO grdb_migrations VALUES('v2 decided inputs');
CREATE TABLE tenants (
    tenant_id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    transfer_enabled INTEGER NOT NULL,
    points_type TEXT NOT NULL,
    exchange_rate INTEGER NOT NULL CHECK (exchange_rate > 0),
    currency TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO tenants VALUES('tnt_sh_tea','上海茶饮连锁',1,'cash_equivalent',100,'CNY',1795307787525);
INSERT INTO tenants VALUES('tnt_tokyo_books','Tokyo Books, Inc.',1,'book_points',1,'JPY',1795307787530);
INSERT INTO tenants VALUES('tnt_beta_club','Beta Club',0,'cash_equivalent',100,'CNY',1795307787530);
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('wallet', 'points')),
    asset TEXT NOT NULL,
    user_id TEXT NOT NULL,
    is_system INTEGER NOT NULL DEFAULT 0,
    application_id TEXT NOT NULL DEFAULT '',
    opened_balance INTEGER NOT NULL,
    opened_frozen_balance INTEGER NOT NULL,
    opened_status TEXT NOT NULL,
    opened_application_id TEXT NOT NULL,
    opened_total_earned INTEGER NOT NULL,
    opened_total_spent INTEGER NOT NULL,
    opened_expired_points INTEGER NOT NULL,
    opened_from TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, kind, asset, user_id)
);
INSERT INTO accounts VALUES(1,'sys_01M80AXN8B623HNMHFTJCRNJGN','tnt_sh_tea','wallet','CNY','',1,'',0,0,'active','',0,0,0,'',1795307787531);
INSERT INTO accounts VALUES(2,'wlt_01M80AXN8B623HNMHFTJCRNJGP','tnt_sh_tea','wallet','CNY','usr_li_wei',0,'app_tea_pos',150000,10000,'active','app_tea_pos',0,0,0,'accounts.csv:2',1795307787531);
INSERT INTO accounts VALUES(3,'wlt_01M80AXN8B623HNMHFTJCRNJGT','tnt_sh_tea','wallet','CNY','usr_wang_fang',0,'app_tea_pos',8880,0,'active','app_tea_pos',0,0,0,'accounts.csv:3',1795307787531);
INSERT INTO accounts VALUES(4,'wlt_01M80AXN8B623HNMHFTJCRNJGY','tnt_sh_tea','wallet','CNY','usr_zhang_min',0,'app_tea_pos',0,0,'active','app_tea_pos',0,0,0,'accounts.csv:4',1795307787531);
INSERT INTO accounts VALUES(5,'wlt_01M80AXN8B623HNMHFTJCRNJGZ','tnt_sh_tea','wallet','CNY','usr_chen_jie',0,'app_tea_pos',50000,0,'frozen','app_tea_pos',0,0,0,'accounts.csv:5',1795307787531);
INSERT INTO accounts VALUES(6,'sys_01M80AXN8B623HNMHFTJCRNJH3','tnt_sh_tea','points','cash_equivalent','',1,'',0,0,'active','',0,0,0,'',1795307787531);
INSERT INTO accounts VALUES(7,'01M80AXN8B623HNMHFTJCRNJH4','tnt_sh_tea','points','cash_equivalent','usr_li_wei',0,'app_tea_pos',5000,200,'active','app_tea_pos',6000,800,200,'accounts.csv:6',1795307787531);
INSERT INTO accounts VALUES(8,'01M80AXN8B623HNMHFTJCRNJH8','tnt_sh_tea','points','cash_equivalent','usr_wang_fang',0,'app_tea_pos',1200,0,'active','app_tea_pos',1200,0,0,'accounts.csv:7',1795307787531);
INSERT INTO accounts VALUES(9,'01M80AXN8B623HNMHFTJCRNJHC','tnt_sh_tea','points','cash_equivalent','usr_zhang_min',0,'app_tea_pos',0,0,'active','app_tea_pos',0,0,0,'accounts.csv:8',1795307787531);
INSERT INTO accounts VALUES(10,'sys_01M80AXN8B623HNMHFTJCRNJHD','tnt_tokyo_books','wallet','JPY','',1,'',0,0,'active','',0,0,0,'',1795307787531);
INSERT INTO accounts VALUES(11,'wlt_01M80AXN8B623HNMHFTJCRNJHE','tnt_tokyo_books','wallet','JPY','usr_sato',0,'app_books_web',12000,0,'active','app_books_web',0,0,0,'accounts.csv:9',1795307787531);
INSERT INTO accounts VALUES(12,'wlt_01M80AXN8B623HNMHFTJCRNJHJ','tnt_tokyo_books','wallet','JPY','usr_suzuki',0,'app_books_web',300,0,'active','app_books_web',0,0,0,'accounts.csv:10',1795307787531);
INSERT INTO accounts VALUES(13,'sys_01M80AXN8B623HNMHFTJCRNJHP','tnt_tokyo_books','points','book_points','',1,'',0,0,'active','',0,0,0,'',1795307787531);
INSERT INTO accounts VALUES(14,'01M80AXN8CJFDQRCZ34BNW2PK7','tnt_tokyo_books','points','book_points','usr_sato',0,'app_books_web',800,0,'active','app_books_web',800,0,0,'accounts.csv:11',1795307787531);
INSERT INTO accounts VALUES(15,'01M80AXN8CJFDQRCZ34BNW2PKB','tnt_tokyo_books','points','book_points','usr_suzuki',0,'app_books_web',50,0,'active','app_books_web',50,0,0,'accounts.csv:12',1795307787531);
INSERT INTO accounts VALUES(16,'sys_01M80AXN8CJFDQRCZ34BNW2PKF','tnt_beta_club','points','cash_equivalent','',1,'',0,0,'active','',0,0,0,'',1795307787531);
INSERT INTO accounts VALUES(17,'01M80AXN8CJFDQRCZ34BNW2PKG','tnt_beta_club','points','cash_equivalent','usr_alpha',0,'app_beta',1000,0,'active','app_beta',1000,0,0,'accounts.csv:13',1795307787531);
INSERT INTO accounts VALUES(18,'01M80AXN8CJFDQRCZ34BNW2PKM','tnt_beta_club','points','cash_equivalent','usr_bravo',0,'app_beta',0,0,'active','app_beta',0,0,0,'accounts.csv:14',1795307787531);
INSERT INTO accounts VALUES(19,'sys_01M80AXN8CJFDQRCZ34BNW2PKN','tnt_beta_club','wallet','CNY','',1,'',0,0,'active','',0,0,0,'',1795307787531);
INSERT INTO accounts VALUES(20,'wlt_01M80AXN8CJFDQRCZ34BNW2PKP','tnt_beta_club','wallet','CNY','usr_alpha',0,'app_beta',2000,0,'active','app_beta',0,0,0,'accounts.csv:15',1795307787531);
INSERT INTO accounts VALUES(21,'wlt_01M80AXN8CJFDQRCZ34BNW2PKT','tnt_beta_club','wallet','CNY','usr_bravo',0,'app_beta',0,0,'closed','app_beta',0,0,0,'accounts.csv:16',1795307787531);
CREATE TABLE account_balances (
    id INTEGER PRIMARY KEY REFERENCES accounts(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
    balance INTEGER NOT NULL,
    frozen_balance INTEGER NOT NULL,
    total_earned INTEGER NOT NULL DEFAULT 0,
    total_spent INTEGER NOT NULL DEFAULT 0,
    expired_points INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL,
    last_sequence INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO account_balances VALUES(1,'active',-208880,0,0,0,0,4,3,1795307787531);
INSERT INTO account_balances VALUES(2,'active',135330,10000,0,0,0,5,4,1795307787534);
INSERT INTO account_balances VALUES(3,'active',18820,0,0,0,0,5,4,1795307787621);
INSERT INTO account_balances VALUES(4,'active',4730,0,0,0,0,3,2,1795307787621);
INSERT INTO account_balances VALUES(5,'frozen',50000,0,0,0,0,2,1,1795307787531);
INSERT INTO account_balances VALUES(6,'active',-6200,0,0,0,0,3,2,1795307787531);
INSERT INTO account_balances VALUES(7,'active',4750,200,6050,1100,200,4,3,1795307787621);
INSERT INTO account_balances VALUES(8,'active',1300,0,1500,200,0,5,4,1795307787534);
INSERT INTO account_balances VALUES(9,'active',150,0,200,50,0,4,3,1795307787621);
INSERT INTO account_balances VALUES(10,'active',-12300,0,0,0,0,3,2,1795307787531);
INSERT INTO account_balances VALUES(11,'active',10700,0,0,0,0,4,3,1795307787621);
INSERT INTO account_balances VALUES(12,'active',1600,0,0,0,0,4,3,1795307787621);
INSERT INTO account_balances VALUES(13,'active',-850,0,0,0,0,3,2,1795307787531);
INSERT INTO account_balances VALUES(14,'active',550,0,800,250,0,3,2,1795307787534);
INSERT INTO account_balances VALUES(15,'active',300,0,300,0,0,3,2,1795307787534);
INSERT INTO account_balances VALUES(16,'active',-1000,0,0,0,0,2,1,1795307787531);
INSERT INTO account_balances VALUES(17,'active',1000,0,1000,0,0,2,1,1795307787531);
INSERT INTO account_balances VALUES(18,'active',0,0,0,0,0,1,0,1795307787531);
INSERT INTO account_balances VALUES(19,'active',-2000,0,0,0,0,2,1,1795307787531);
INSERT INTO account_balances VALUES(20,'active',2000,0,0,0,0,2,1,1795307787531);
INSERT INTO account_balances VALUES(21,'closed',0,0,0,0,0,1,0,1795307787531);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    transfer_id TEXT NOT NULL,
    entry_type TEXT NOT NULL CHECK (entry_type IN ('transfer', 'opening')),
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    asset TEXT NOT NULL,
    idempotency_key TEXT,
    fingerprint BLOB,
    from_user_id TEXT NOT NULL DEFAULT '',
    to_user_id TEXT NOT NULL DEFAULT '',
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    reference_id TEXT NOT NULL DEFAULT '',
    run_id TEXT NOT NULL,
    source_file TEXT NOT NULL DEFAULT '',
    source_line INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
, input_file INTEGER);
INSERT INTO entries VALUES(1,'opn_01M80AXN8B623HNMHFTJCRNJGQ','opening','tnt_sh_tea','wallet','CNY',NULL,NULL,'','usr_li_wei',150000,'CNY','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',2,1795307787531,NULL);
INSERT INTO entries VALUES(2,'opn_01M80AXN8B623HNMHFTJCRNJGV','opening','tnt_sh_tea','wallet','CNY',NULL,NULL,'','usr_wang_fang',8880,'CNY','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',3,1795307787531,NULL);
INSERT INTO entries VALUES(3,'opn_01M80AXN8B623HNMHFTJCRNJH0','opening','tnt_sh_tea','wallet','CNY',NULL,NULL,'','usr_chen_jie',50000,'CNY','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',5,1795307787531,NULL);
INSERT INTO entries VALUES(4,'opn_01M80AXN8B623HNMHFTJCRNJH5','opening','tnt_sh_tea','points','cash_equivalent',NULL,NULL,'','usr_li_wei',5000,'','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',6,1795307787531,NULL);
INSERT INTO entries VALUES(5,'opn_01M80AXN8B623HNMHFTJCRNJH9','opening','tnt_sh_tea','points','cash_equivalent',NULL,NULL,'','usr_wang_fang',1200,'','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',7,1795307787531,NULL);
INSERT INTO entries VALUES(6,'opn_01M80AXN8B623HNMHFTJCRNJHF','opening','tnt_tokyo_books','wallet','JPY',NULL,NULL,'','usr_sato',12000,'JPY','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',9,1795307787531,NULL);
INSERT INTO entries VALUES(7,'opn_01M80AXN8B623HNMHFTJCRNJHK','opening','tnt_tokyo_books','wallet','JPY',NULL,NULL,'','usr_suzuki',300,'JPY','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',10,1795307787531,NULL);
INSERT INTO entries VALUES(8,'opn_01M80AXN8CJFDQRCZ34BNW2PK8','opening','tnt_tokyo_books','points','book_points',NULL,NULL,'','usr_sato',800,'','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',11,1795307787531,NULL);
INSERT INTO entries VALUES(9,'opn_01M80AXN8CJFDQRCZ34BNW2PKC','opening','tnt_tokyo_books','points','book_points',NULL,NULL,'','usr_suzuki',50,'','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',12,1795307787531,NULL);
INSERT INTO entries VALUES(10,'opn_01M80AXN8CJFDQRCZ34BNW2PKH','opening','tnt_beta_club','points','cash_equivalent',NULL,NULL,'','usr_alpha',1000,'','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',13,1795307787531,NULL);
INSERT INTO entries VALUES(11,'opn_01M80AXN8CJFDQRCZ34BNW2PKQ','opening','tnt_beta_club','wallet','CNY',NULL,NULL,'','usr_alpha',2000,'CNY','','','opening_balance','','20261122T003627Z-1f43','accounts.csv',15,1795307787531,NULL);
INSERT INTO entries VALUES(12,'trf_01M80AXN8EBQ534SJ17E5RVH8V','transfer','tnt_sh_tea','wallet','CNY','ik_20261120_0001',X'5ea412ac11d68407b1d6c31b7f66c0e7afd19034551930f7d4d1ef8eb4b74dae','usr_li_wei','usr_wang_fang',12050,'CNY','奶茶店分账','','pos','order_9001','20261122T003627Z-1f43','transfers.csv',2,1795137300000,1);
INSERT INTO entries VALUES(13,'trf_01M80AXN8EBQ534SJ17E5RVH8Y','transfer','tnt_sh_tea','wallet','CNY','ik_20261120_0002',X'f4eaa0de24e535c4617a51ecd0eb062b9cb495dc54dedf442f640da33bb525fe','usr_li_wei','usr_zhang_min',3500,'CNY','午餐 AA, 三人','','app','order_9002','20261122T003627Z-1f43','transfers.csv',3,1795149000000,1);
INSERT INTO entries VALUES(14,'trf_01M80AXN8EBQ534SJ17E5RVH91','transfer','tnt_sh_tea','points','cash_equivalent','ik_20261120_0003',X'e76c24ff360d986ceeb9f1c737bc384a45314eb21e0d2571518e56069036efb8','usr_li_wei','usr_wang_fang',300,'','积分转赠','生日礼物','app','','20261122T003627Z-1f43','transfers.csv',4,1795150800000,1);
INSERT INTO entries VALUES(15,'trf_01M80AXN8EBQ534SJ17E5RVH94','transfer','tnt_sh_tea','points','cash_equivalent','auto-8503e56b616814c371fdf659fa34aca2',X'9f2549eadd087c0ad83ebb77492e992b7638108ccaae518981aa00b0c24304a4','usr_wang_fang','usr_zhang_min',100,'','积分转赠, 朋友','','app','','20261122T003627Z-1f43','transfers.csv',5,1795154400000,1);
INSERT INTO entries VALUES(16,'trf_01M80AXN8EBQ534SJ17E5RVH97','transfer','tnt_sh_tea','points','cash_equivalent','auto-5a6f3d8e7ee52f0e1b740e1fb500e53d',X'9f2549eadd087c0ad83ebb77492e992b7638108ccaae518981aa00b0c24304a4','usr_wang_fang','usr_zhang_min',100,'','积分转赠, 朋友','','app','','20261122T003627Z-1f43','transfers.csv',6,1795154400000,1);
INSERT INTO entries VALUES(17,'trf_01M80AXN8EBQ534SJ17E5RVH9A','transfer','tnt_sh_tea','wallet','CNY','ik_20261120_0010',X'25d9d6ebdcd6cfe4b05bef46e159ecf31d88a95564b8a757692f92f70d624a6c','usr_wang_fang','usr_li_wei',880,'CNY','=HYPERLINK("http://example.invalid")','','app','','20261122T003627Z-1f43','transfers.csv',15,1795161600000,1);
INSERT INTO entries VALUES(18,'trf_01M80AXN8EBQ534SJ17E5RVH9D','transfer','tnt_tokyo_books','wallet','JPY','ik_tb_0001',X'852da02a595a2d49f4041e6d2fc9826bfe2f2fc05f252beec7bec7007b036745','usr_sato','usr_suzuki',1500,'JPY','Gift card, manga','','web','inv_77','20261122T003627Z-1f43','transfers.csv',16,1795136400000,1);
INSERT INTO entries VALUES(19,'trf_01M80AXN8EBQ534SJ17E5RVH9G','transfer','tnt_tokyo_books','points','book_points','ik_tb_0002',X'ba32da14246b0f8d649ab95fb9eae5ec336db66268fa1f02e786f5e37811ef23','usr_sato','usr_suzuki',250,'','ポイント譲渡','','web','','20261122T003627Z-1f43','transfers.csv',17,1795136700000,1);
INSERT INTO entries VALUES(20,'trf_01M80AXNB5QXB71PAD2AMQH7PH','transfer','tnt_sh_tea','points','cash_equivalent','ik_20261121_0002',X'634efc3d458b0866be5d0048f03833bfc268a2c5dec2a43e12339fe0acd23bc3','usr_zhang_min','usr_li_wei',50,'','积分回赠','谢谢','app','','20261122T003627Z-f827','night2.csv',4,1795230000000,2);
INSERT INTO entries VALUES(21,'trf_01M80AXNB5QXB71PAD2AMQH7PM','transfer','tnt_sh_tea','wallet','CNY','auto-739353f051c85830423ff8aa7a2b1ec5',X'7503eb7149afaf58a48b8c7ad870b3c46367df488650767408e2b1467cb9535f','usr_wang_fang','usr_zhang_min',1230,'CNY','无键转账','','pos','ref_21','20261122T003627Z-f827','night2.csv',5,1795233600000,2);
INSERT INTO entries VALUES(22,'trf_01M80AXNB5QXB71PAD2AMQH7PQ','transfer','tnt_tokyo_books','wallet','JPY','ik_tb_0101',X'bde1a037e3eb8f7cfa2200f7bba979781a48ff9992675662f12ba531521ab705','usr_suzuki','usr_sato',200,'JPY','返金','','web','','20261122T003627Z-f827','night2.csv',6,1795222800000,2);
CREATE TABLE postings (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    record_type TEXT NOT NULL,
    balance_before INTEGER NOT NULL,
    balance_after INTEGER NOT NULL,
    counterparty_id TEXT NOT NULL DEFAULT '',
    related_id TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
INSERT INTO postings VALUES(1,'txn_01M80AXN8B623HNMHFTJCRNJGR',1,1,1,-150000,'adjust',0,-150000,'usr_li_wei','txn_01M80AXN8B623HNMHFTJCRNJGS',1795307787531);
INSERT INTO postings VALUES(2,'txn_01M80AXN8B623HNMHFTJCRNJGS',1,2,1,150000,'deposit',0,150000,'','txn_01M80AXN8B623HNMHFTJCRNJGR',1795307787531);
INSERT INTO postings VALUES(3,'txn_01M80AXN8B623HNMHFTJCRNJGW',2,1,2,-8880,'adjust',-150000,-158880,'usr_wang_fang','txn_01M80AXN8B623HNMHFTJCRNJGX',1795307787531);
INSERT INTO postings VALUES(4,'txn_01M80AXN8B623HNMHFTJCRNJGX',2,3,1,8880,'deposit',0,8880,'','txn_01M80AXN8B623HNMHFTJCRNJGW',1795307787531);
INSERT INTO postings VALUES(5,'txn_01M80AXN8B623HNMHFTJCRNJH1',3,1,3,-50000,'adjust',-158880,-208880,'usr_chen_jie','txn_01M80AXN8B623HNMHFTJCRNJH2',1795307787531);
INSERT INTO postings VALUES(6,'txn_01M80AXN8B623HNMHFTJCRNJH2',3,5,1,50000,'deposit',0,50000,'','txn_01M80AXN8B623HNMHFTJCRNJH1',1795307787531);
INSERT INTO postings VALUES(7,'01M80AXN8B623HNMHFTJCRNJH6',4,6,1,-5000,'adjust',0,-5000,'usr_li_wei','01M80AXN8B623HNMHFTJCRNJH7',1795307787531);
INSERT INTO postings VALUES(8,'01M80AXN8B623HNMHFTJCRNJH7',4,7,1,5000,'adjust',0,5000,'','01M80AXN8B623HNMHFTJCRNJH6',1795307787531);
INSERT INTO postings VALUES(9,'01M80AXN8B623HNMHFTJCRNJHA',5,6,2,-1200,'adjust',-5000,-6200,'usr_wang_fang','01M80AXN8B623HNMHFTJCRNJHB',1795307787531);
INSERT INTO postings VALUES(10,'01M80AXN8B623HNMHFTJCRNJHB',5,8,1,1200,'adjust',0,1200,'','01M80AXN8B623HNMHFTJCRNJHA',1795307787531);
INSERT INTO postings VALUES(11,'txn_01M80AXN8B623HNMHFTJCRNJHG',6,10,1,-12000,'adjust',0,-12000,'usr_sato','txn_01M80AXN8B623HNMHFTJCRNJHH',1795307787531);
INSERT INTO postings VALUES(12,'txn_01M80AXN8B623HNMHFTJCRNJHH',6,11,1,12000,'deposit',0,12000,'','txn_01M80AXN8B623HNMHFTJCRNJHG',1795307787531);
INSERT INTO postings VALUES(13,'txn_01M80AXN8B623HNMHFTJCRNJHM',7,10,2,-300,'adjust',-12000,-12300,'usr_suzuki','txn_01M80AXN8B623HNMHFTJCRNJHN',1795307787531);
INSERT INTO postings VALUES(14,'txn_01M80AXN8B623HNMHFTJCRNJHN',7,12,1,300,'deposit',0,300,'','txn_01M80AXN8B623HNMHFTJCRNJHM',1795307787531);
INSERT INTO postings VALUES(15,'01M80AXN8CJFDQRCZ34BNW2PK9',8,13,1,-800,'adjust',0,-800,'usr_sato','01M80AXN8CJFDQRCZ34BNW2PKA',1795307787531);
INSERT INTO postings VALUES(16,'01M80AXN8CJFDQRCZ34BNW2PKA',8,14,1,800,'adjust',0,800,'','01M80AXN8CJFDQRCZ34BNW2PK9',1795307787531);
INSERT INTO postings VALUES(17,'01M80AXN8CJFDQRCZ34BNW2PKD',9,13,2,-50,'adjust',-800,-850,'usr_suzuki','01M80AXN8CJFDQRCZ34BNW2PKE',1795307787531);
INSERT INTO postings VALUES(18,'01M80AXN8CJFDQRCZ34BNW2PKE',9,15,1,50,'adjust',0,50,'','01M80AXN8CJFDQRCZ34BNW2PKD',1795307787531);
INSERT INTO postings VALUES(19,'01M80AXN8CJFDQRCZ34BNW2PKJ',10,16,1,-1000,'adjust',0,-1000,'usr_alpha','01M80AXN8CJFDQRCZ34BNW2PKK',1795307787531);
INSERT INTO postings VALUES(20,'01M80AXN8CJFDQRCZ34BNW2PKK',10,17,1,1000,'adjust',0,1000,'','01M80AXN8CJFDQRCZ34BNW2PKJ',1795307787531);
INSERT INTO postings VALUES(21,'txn_01M80AXN8CJFDQRCZ34BNW2PKR',11,19,1,-2000,'adjust',0,-2000,'usr_alpha','txn_01M80AXN8CJFDQRCZ34BNW2PKS',1795307787531);
INSERT INTO postings VALUES(22,'txn_01M80AXN8CJFDQRCZ34BNW2PKS',11,20,1,2000,'deposit',0,2000,'','txn_01M80AXN8CJFDQRCZ34BNW2PKR',1795307787531);
INSERT INTO postings VALUES(23,'txn_01M80AXN8EBQ534SJ17E5RVH8W',12,2,2,-12050,'transfer_out',150000,137950,'usr_wang_fang','txn_01M80AXN8EBQ534SJ17E5RVH8X',1795137300000);
INSERT INTO postings VALUES(24,'txn_01M80AXN8EBQ534SJ17E5RVH8X',12,3,2,12050,'transfer_in',8880,20930,'usr_li_wei','txn_01M80AXN8EBQ534SJ17E5RVH8W',1795137300000);
INSERT INTO postings VALUES(25,'txn_01M80AXN8EBQ534SJ17E5RVH8Z',13,2,3,-3500,'transfer_out',137950,134450,'usr_zhang_min','txn_01M80AXN8EBQ534SJ17E5RVH90',1795149000000);
INSERT INTO postings VALUES(26,'txn_01M80AXN8EBQ534SJ17E5RVH90',13,4,1,3500,'transfer_in',0,3500,'usr_li_wei','txn_01M80AXN8EBQ534SJ17E5RVH8Z',1795149000000);
INSERT INTO postings VALUES(27,'01M80AXN8EBQ534SJ17E5RVH92',14,7,2,-300,'spend',5000,4700,'usr_wang_fang','01M80AXN8EBQ534SJ17E5RVH93',1795150800000);
INSERT INTO postings VALUES(28,'01M80AXN8EBQ534SJ17E5RVH93',14,8,2,300,'earn',1200,1500,'usr_li_wei','01M80AXN8EBQ534SJ17E5RVH92',1795150800000);
INSERT INTO postings VALUES(29,'01M80AXN8EBQ534SJ17E5RVH95',15,8,3,-100,'spend',1500,1400,'usr_zhang_min','01M80AXN8EBQ534SJ17E5RVH96',1795154400000);
INSERT INTO postings VALUES(30,'01M80AXN8EBQ534SJ17E5RVH96',15,9,1,100,'earn',0,100,'usr_wang_fang','01M80AXN8EBQ534SJ17E5RVH95',1795154400000);
INSERT INTO postings VALUES(31,'01M80AXN8EBQ534SJ17E5RVH98',16,8,4,-100,'spend',1400,1300,'usr_zhang_min','01M80AXN8EBQ534SJ17E5RVH99',1795154400000);
INSERT INTO postings VALUES(32,'01M80AXN8EBQ534SJ17E5RVH99',16,9,2,100,'earn',100,200,'usr_wang_fang','01M80AXN8EBQ534SJ17E5RVH98',1795154400000);
INSERT INTO postings VALUES(33,'txn_01M80AXN8EBQ534SJ17E5RVH9B',17,3,3,-880,'transfer_out',20930,20050,'usr_li_wei','txn_01M80AXN8EBQ534SJ17E5RVH9C',1795161600000);
INSERT INTO postings VALUES(34,'txn_01M80AXN8EBQ534SJ17E5RVH9C',17,2,4,880,'transfer_in',134450,135330,'usr_wang_fang','txn_01M80AXN8EBQ534SJ17E5RVH9B',1795161600000);
INSERT INTO postings VALUES(35,'txn_01M80AXN8EBQ534SJ17E5RVH9E',18,11,2,-1500,'transfer_out',12000,10500,'usr_suzuki','txn_01M80AXN8EBQ534SJ17E5RVH9F',1795136400000);
INSERT INTO postings VALUES(36,'txn_01M80AXN8EBQ534SJ17E5RVH9F',18,12,2,1500,'transfer_in',300,1800,'usr_sato','txn_01M80AXN8EBQ534SJ17E5RVH9E',1795136400000);
INSERT INTO postings VALUES(37,'01M80AXN8EBQ534SJ17E5RVH9H',19,14,2,-250,'spend',800,550,'usr_suzuki','01M80AXN8EBQ534SJ17E5RVH9J',1795136700000);
INSERT INTO postings VALUES(38,'01M80AXN8EBQ534SJ17E5RVH9J',19,15,2,250,'earn',50,300,'usr_sato','01M80AXN8EBQ534SJ17E5RVH9H',1795136700000);
INSERT INTO postings VALUES(39,'01M80AXNB5QXB71PAD2AMQH7PJ',20,9,3,-50,'spend',200,150,'usr_li_wei','01M80AXNB5QXB71PAD2AMQH7PK',1795230000000);
INSERT INTO postings VALUES(40,'01M80AXNB5QXB71PAD2AMQH7PK',20,7,3,50,'earn',4700,4750,'usr_zhang_min','01M80AXNB5QXB71PAD2AMQH7PJ',1795230000000);
INSERT INTO postings VALUES(41,'txn_01M80AXNB5QXB71PAD2AMQH7PN',21,3,4,-1230,'transfer_out',20050,18820,'usr_zhang_min','txn_01M80AXNB5QXB71PAD2AMQH7PP',1795233600000);
INSERT INTO postings VALUES(42,'txn_01M80AXNB5QXB71PAD2AMQH7PP',21,4,2,1230,'transfer_in',3500,4730,'usr_wang_fang','txn_01M80AXNB5QXB71PAD2AMQH7PN',1795233600000);
INSERT INTO postings VALUES(43,'txn_01M80AXNB5QXB71PAD2AMQH7PR',22,12,3,-200,'transfer_out',1800,1600,'usr_sato','txn_01M80AXNB5QXB71PAD2AMQH7PS',1795222800000);
INSERT INTO postings VALUES(44,'txn_01M80AXNB5QXB71PAD2AMQH7PS',22,11,3,200,'transfer_in',10500,10700,'usr_suzuki','txn_01M80AXNB5QXB71PAD2AMQH7PR',1795222800000);
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY NOT NULL,
    command TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    status TEXT NOT NULL,
    exit_code INTEGER,
    reports TEXT
, inputs TEXT NOT NULL DEFAULT '', postings_watermark INTEGER NOT NULL DEFAULT 0, resumes TEXT, resumed_by TEXT);
INSERT INTO runs VALUES('20261122T003627Z-1f43','/work/bin/ledger-recon-0.7.0 run --db ledger.sqlite --create-db --tenants tenants.csv --accounts accounts.csv --transfers transfers.csv --expected expected_balances.csv --reports reports',2588,1795307787524,1795307787549,'finished',0,'reports/20261122T003627Z-1f43',replace('tenants=/tmp/store/fx/tenants.csv\naccounts=/tmp/store/fx/accounts.csv\ntransfers=/tmp/store/fx/transfers.csv\nexpected=/tmp/store/fx/expected_balances.csv\nencoding=utf8','\n',char(10)),0,NULL,NULL);
INSERT INTO runs VALUES('20261122T003627Z-f827','/work/bin/ledger-recon-0.7.0 run --db ledger.sqlite --transfers night2.csv --reports reports',2594,1795307787607,1795307787642,'finished',0,'reports/20261122T003627Z-f827',replace('transfers=/tmp/store/fx/night2.csv\nencoding=utf8','\n',char(10)),38,NULL,NULL);
CREATE TABLE input_files (
    id INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    path TEXT NOT NULL,
    resumes INTEGER,
    rows_decided INTEGER NOT NULL DEFAULT 0,
    bytes_decided INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    sha256 BLOB,
    UNIQUE (run_id, position)
);
INSERT INTO input_files VALUES(1,'20261122T003627Z-1f43',0,'transfers.csv',NULL,18,2291,1,X'e800abff3a79c108afa063264eb914f176e6f8f8f2727a1973a9632dd87625b5');
INSERT INTO input_files VALUES(2,'20261122T003627Z-f827',0,'night2.csv',NULL,5,692,1,X'd84ce1e4d3bc06815c05a6b282290e904ed448d25d85323e2f8b693f871891f7');
CREATE TABLE input_checkpoints (
    input_file INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    prefix_sha256 BLOB NOT NULL,
    PRIMARY KEY (input_file, rows)
) WITHOUT ROWID;
INSERT INTO input_checkpoints VALUES(1,18,2291,X'e800abff3a79c108afa063264eb914f176e6f8f8f2727a1973a9632dd87625b5');
INSERT INTO input_checkpoints VALUES(2,5,692,X'd84ce1e4d3bc06815c05a6b282290e904ed448d25d85323e2f8b693f871891f7');
CREATE TABLE rejected_rows (
    input_file INTEGER NOT NULL,
    line INTEGER NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    decided_by_run TEXT NOT NULL,
    PRIMARY KEY (input_file, line)
) WITHOUT ROWID;
INSERT INTO rejected_rows VALUES(1,8,'idempotency_conflict','idempotency_key ''ik_20261120_0001'' was used for a different request at transfers.csv:2 (run 20261122T003627Z-1f43, transfer trf_01M80AXN8EBQ534SJ17E5RVH8V); differs in amount','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,9,'invalid_request','self-transfer: from_user_id equals to_user_id ''usr_wang_fang''','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,10,'invalid_amount','amount ''1,000.00'' is not plain digits with an optional ''.'' and digits','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,11,'not_found','receiver ''usr_nobody'' has no CNY wallet in tenant ''tnt_sh_tea''','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,12,'transfer_disabled','points transfers are disabled for tenant ''tnt_beta_club'' (transfer_enabled=false)','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,13,'account_inactive','sender ''usr_chen_jie'' CNY wallet is frozen','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,14,'insufficient_balance','sender ''usr_zhang_min'' has 35.00 available (balance 35.00, frozen 0.00), needs 500.00','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,18,'invalid_amount','amount ''1500.5'' must be a whole number','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(1,19,'account_inactive','receiver ''usr_bravo'' CNY wallet is closed','20261122T003627Z-1f43');
INSERT INTO rejected_rows VALUES(2,3,'insufficient_balance','sender ''usr_zhang_min'' has 35.00 available (balance 35.00, frozen 0.00), needs 900.00','20261122T003627Z-f827');
CREATE INDEX accounts_by_user ON accounts(tenant_id, user_id);
CREATE UNIQUE INDEX entries_by_key ON entries(tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX postings_history ON postings(account_id, created_at, sequence);
CREATE INDEX entries_keyless_by_content ON entries(tenant_id, fingerprint)
    WHERE substr(idempotency_key, 1, 5) = 'auto-';
CREATE VIEW account_view AS
    SELECT a.*, b.status, b.balance, b.frozen_balance, b.total_earned, b.total_spent, b.expired_points,
           b.version, b.last_sequence, b.updated_at
    FROM accounts a JOIN account_balances b ON b.id = a.id;
CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;
CREATE TRIGGER postings_append_only_update BEFORE UPDATE ON postings
    BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER postings_append_only_delete BEFORE DELETE ON postings
    BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER rejected_rows_append_only_update BEFORE UPDATE ON rejected_rows
    BEGIN SELECT RAISE(ABORT, 'recorded decisions are append-only'); END;
CREATE TRIGGER rejected_rows_append_only_delete BEFORE DELETE ON rejected_rows
    BEGIN SELECT RAISE(ABORT, 'recorded decisions are append-only'); END;
COMMIT;
